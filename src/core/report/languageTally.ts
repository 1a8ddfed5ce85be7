import { franc } from 'franc-min';

/** Characters of a value handed to franc: its trigram profile is settled well before this. */
const LANGUAGE_WINDOW = 300;

/** The language of `text` as franc-min tells it (ISO 639-3, `und` when it cannot: under 10 letters, or no match). */
export function detectLanguage(text: string): string {
  return franc(text.slice(0, LANGUAGE_WINDOW));
}

/** Counts of detected languages, most frequent first. */
export class LanguageTally {
  private readonly counts = new Map<string, number>();

  add(text: string): void {
    const language = detectLanguage(text);
    this.counts.set(language, (this.counts.get(language) ?? 0) + 1);
  }

  result(): { language: string; count: number }[] {
    return [...this.counts.entries()].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count || a.language.localeCompare(b.language));
  }
}
