/**
 * One line from whatever Nunjucks threw: no "(unknown path)", no "Template render error:", no "Error:" of the
 * wrapped error (Nunjucks keeps a thrown error only as "<name>: <message>" in its own message); the template
 * position, when Nunjucks knows it, at the end as "(line L, column C)".
 */
export function templateErrorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const at = /\[Line (\d+), Column (\d+)\]/.exec(raw);
  const text = stripNunjucksPrefixes(raw);
  const oneLine = text.replace(/\s*\n\s*/g, ' ').trim();
  return at ? `${oneLine} (line ${at[1]}, column ${at[2]})` : oneLine;
}

function stripNunjucksPrefixes(message: string): string {
  return message
    .replace(/\(unknown path\)/g, '')
    .replace(/\[Line \d+, Column \d+\]/g, '')
    .replace(/Template render error:/g, '')
    .replace(/(^|\n)\s*(?:[A-Z][A-Za-z]*)?Error: /g, '$1')
    .trim();
}
