/**
 * One line from whatever Nunjucks threw: no "(unknown path)", no "Template render error:", no "Error:" of the
 * wrapped error (Nunjucks keeps a thrown error only as "<name>: <message>" in its own message); the template
 * position, when Nunjucks knows it, at the end as "(line L, column C)".
 */
export function templateErrorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const at = positionOf(raw);
  const text = stripNunjucksPrefixes(raw);
  const oneLine = text.replace(/\s*\n\s*/g, ' ').trim();
  return at ? `${oneLine} (line ${at.line}, column ${at.column})` : oneLine;
}

/**
 * The 1-based template position of an error. Nunjucks' own errors (syntax, undefined output) carry it 1-based; an
 * error it wraps at run time (calling a non-function, a filter that throws: "[Line L, Column C] <Name>Error: …") gets
 * the compiled code's 0-based position — and none at all on the first line, where that line is 0.
 */
function positionOf(raw: string): { line: number; column: number } | undefined {
  const at = /\[Line (\d+), Column (\d+)\](\s*[A-Za-z]*Error: )?/.exec(raw);
  if (!at) return undefined;
  const shift = at[3] ? 1 : 0;
  return { line: Number(at[1]) + shift, column: Number(at[2]) + shift };
}

function stripNunjucksPrefixes(message: string): string {
  return message
    .replace(/\(unknown path\)/g, '')
    .replace(/\[Line \d+, Column \d+\]/g, '')
    .replace(/Template render error:/g, '')
    .replace(/(^|\n)\s*(?:[A-Z][A-Za-z]*)?Error: /g, '$1')
    .trim();
}
