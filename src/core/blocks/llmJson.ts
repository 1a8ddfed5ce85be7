/** Extracting JSON from model answers, which often wrap it in prose or Markdown code fences. */

const FENCE = /^\s*```(?:json|JSON)?\s*\n?([\s\S]*?)\n?\s*```\s*$/;
const INNER_FENCE = /```(?:json|JSON)?\s*\n?([\s\S]*?)\n?\s*```/;

/** Removes one surrounding ```json … ``` fence, if the whole text is fenced. */
export function stripCodeFence(text: string): string {
  const m = FENCE.exec(text);
  return m ? m[1] : text;
}

/** Parses JSON from a model's text: as is, then inside a ```json fence, then the first `{…}` span. */
export function parseLlmJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const attempts = [text.trim()];
  const fenced = INNER_FENCE.exec(text);
  if (fenced) attempts.push(fenced[1].trim());
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) attempts.push(text.slice(start, end + 1));
  let firstError = '';
  for (const candidate of attempts) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (e) {
      firstError ||= (e as Error).message;
    }
  }
  return { ok: false, error: firstError || 'empty text' };
}
