// The `{{ variables }}` a prompt uses, found without a template engine (the webview has none): top-level names in
// output tags, skipping string literals, numbers and the names after a filter bar.
const TAG = /\{\{([\s\S]*?)\}\}/g;
const KEYWORDS = new Set(['true', 'false', 'none', 'null', 'and', 'or', 'not', 'in', 'is', 'if', 'else', 'loop']);

export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(TAG)) {
    const expression = match[1].replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ');
    // Filters (`| tojson`, `| default(x)`) name functions, not fields.
    const withoutFilters = expression.replace(/\|\s*[A-Za-z_]\w*/g, ' ');
    for (const m of withoutFilters.matchAll(/(^|[^.\w])([A-Za-z_]\w*)/g)) {
      if (!KEYWORDS.has(m[2].toLowerCase())) names.add(m[2]);
    }
  }
  return [...names];
}

/** Variables of the template that are not among the fields available at this block. */
export function unknownVariables(template: string, available: readonly string[]): string[] {
  return templateVariables(template).filter((v) => !available.includes(v));
}
