/**
 * Answers that refuse instead of doing the task, as models phrase it. Matched case-insensitively against the
 * start of each generated text field (the first 300 characters: a refusal comes first, and a long answer that
 * merely mentions one of these phrases later is not a refusal).
 */
export const REFUSAL_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: "I can't / cannot help with", pattern: /\bI (?:can(?:'|’)?t|cannot|can not|am unable to|'m unable to|won(?:'|’)t be able to) (?:help|assist|provide|comply|fulfill|do that|answer|create|generate|write)/i },
  { name: 'As an AI language model', pattern: /\bAs an? (?:AI|artificial intelligence)(?: language)? (?:model|assistant)\b/i },
  { name: "I'm sorry, but", pattern: /^\W*(?:I(?:'|’)m|I am) sorry,? but\b/i },
  { name: 'I must decline / refuse', pattern: /\bI (?:must|have to|need to) (?:decline|refuse)\b/i },
  { name: "I'm not able to", pattern: /\bI(?:'|’)?m not able to (?:help|assist|provide|comply|do)\b/i },
  { name: 'against my guidelines', pattern: /\b(?:against|violates?) (?:my|our|the) (?:guidelines|policies|policy|usage policies)\b/i },
];

const REFUSAL_WINDOW = 300;
/** Every pattern at once: one regex run per text, the named pattern looked for only in texts that match. */
const ANY_REFUSAL = new RegExp(REFUSAL_PATTERNS.map((p) => `(?:${p.pattern.source})`).join('|'), 'i');

/** The name of the refusal pattern `text` matches, if any. */
export function refusalPattern(text: string): string | undefined {
  const head = text.slice(0, REFUSAL_WINDOW);
  if (!ANY_REFUSAL.test(head)) return undefined;
  return REFUSAL_PATTERNS.find((p) => p.pattern.test(head))?.name;
}

export function isEmptyAnswer(text: string): boolean {
  return text.trim() === '';
}
