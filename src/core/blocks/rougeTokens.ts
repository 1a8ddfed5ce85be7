/**
 * Tokens the way Google's `rouge_score` package makes them with `use_stemmer=True` (what the original RougeScore
 * used): lowercase, every run of characters other than a-z and 0-9 is a separator, tokens longer than 3 characters
 * are Porter-stemmed.
 */
import { stemmer } from 'stemmer';

/**
 * rouge_score stems with NLTK's PorterStemmer in its default NLTK_EXTENSIONS mode; the `stemmer` package implements
 * Martin Porter's reference algorithm. The NLTK extensions that change which words share a stem are applied here
 * first, exactly as NLTK applies them. Its other extension (keeping a 'y' after a vowel: play → play, not plai)
 * only renames stems and never changes a score, so it is left out.
 */
const NLTK_IRREGULAR: Readonly<Record<string, string>> = {
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  news: 'news',
  innings: 'inning',
  inning: 'inning',
  outings: 'outing',
  outing: 'outing',
  cannings: 'canning',
  canning: 'canning',
  howe: 'howe',
  proceed: 'proceed',
  exceed: 'exceed',
  succeed: 'succeed',
};

/** Porter's stem with NLTK's extensions, for one lowercase token. */
export function porterStem(word: string): string {
  const irregular = NLTK_IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  // NLTK: four-letter -ies/-ied words keep the 'ie' (dies, died → die; ties, tied → tie).
  if (word.length === 4 && (word.endsWith('ies') || word.endsWith('ied'))) return word.slice(0, 3);
  // NLTK step 2 also maps -fulli to -ful (carefully → careful → care); the rest of the algorithm is unchanged.
  if (word.endsWith('fully') && measure(word.slice(0, -5)) > 0) return stemmer(word.slice(0, -2));
  // NLTK's -logi → -log counts the measure with the 'l' (biology → biolog, like biological); Porter's without it.
  const logi = /^(.*l)og(?:y|ies)$/.exec(word);
  if (logi && measure(logi[1]) > 0) return stemmer(`${logi[1]}og`);
  return stemmer(word);
}

/** rouge_score's tokenize(text, stemmer): lowercase, [a-z0-9]+ tokens, stemming only tokens longer than 3. */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== '')
    .map((token) => (token.length > 3 ? porterStem(token) : token))
    .filter((token) => /^[a-z0-9]+$/.test(token));
}

/** Porter's measure m of a stem: the number of vowel→consonant transitions ([C](VC)^m[V]). */
function measure(stem: string): number {
  let m = 0;
  let previousVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const vowel = !isConsonant(stem, i);
    if (previousVowel && !vowel) m++;
    previousVowel = vowel;
  }
  return m;
}

/** Porter's consonant: not a, e, i, o, u, and 'y' only when it follows a vowel or starts the word. */
function isConsonant(word: string, i: number): boolean {
  const c = word[i];
  if ('aeiou'.includes(c)) return false;
  if (c === 'y') return i === 0 || !isConsonant(word, i - 1);
  return true;
}
