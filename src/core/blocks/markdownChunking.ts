/**
 * Token-bounded text splitting with the semantics of LlamaIndex's `SentenceSplitter` (what the original Markdown
 * Chunker used): the text is cut into pieces that each fit the chunk size (paragraphs, then sentences, then clauses,
 * then words, then characters), the pieces are packed greedily into chunks, and each new chunk starts with whole
 * pieces from the end of the previous chunk, up to `chunkOverlap` tokens.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import { split as splitSentenceNodes } from 'sentence-splitter';

export interface TokenSplitOptions {
  /** Maximum tokens per chunk; must be > 0. */
  chunkSize: number;
  /** Tokens carried over from the end of a chunk to the start of the next; at most `chunkSize`. */
  chunkOverlap: number;
}

/** A piece of the source text, never cut again once it fits: concatenating pieces gives the text back. */
interface Piece {
  text: string;
  tokens: number;
}

let encoder: Tiktoken | undefined;

/**
 * Tokens of `text` in cl100k_base, the encoding of LlamaIndex's default tokenizer. The ranks ship inside the
 * js-tiktoken package, so nothing is downloaded; the encoder is built once, on first use (building it takes a while).
 */
export function countTokens(text: string): number {
  encoder ??= new Tiktoken(cl100kBase);
  // 'all': text that happens to contain "<|endoftext|>" is counted, not rejected (LlamaIndex does the same).
  return encoder.encode(text, 'all').length;
}

/** Splits `text` into trimmed, non-empty chunks of at most `chunkSize` tokens each. */
export function splitByTokens(text: string, options: TokenSplitOptions): string[] {
  const { chunkSize, chunkOverlap } = options;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new RangeError(`chunk size must be a positive integer, got ${chunkSize}`);
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap > chunkSize) {
    throw new RangeError(`chunk overlap must be an integer between 0 and the chunk size (${chunkSize}), got ${chunkOverlap}`);
  }
  if (text.trim() === '') return [];
  return packPieces(cutIntoPieces(text, chunkSize), chunkSize, chunkOverlap);
}

/** Recursively cuts `text` with ever finer separators until every piece fits in `chunkSize` tokens. */
function cutIntoPieces(text: string, chunkSize: number): Piece[] {
  const tokens = countTokens(text);
  if (tokens <= chunkSize) return [{ text, tokens }];
  const parts = finerParts(text);
  if (parts.length <= 1) {
    // Only a single character can get here: no separator is left to cut it with.
    throw new RangeError(`chunk size ${chunkSize} is smaller than the ${tokens} tokens of the single character ${JSON.stringify(text)}`);
  }
  return parts.flatMap((part) => cutIntoPieces(part, chunkSize));
}

/** The first way of cutting that yields more than one part, from coarse to fine (LlamaIndex's order). */
function finerParts(text: string): string[] {
  const cutters = [
    (t: string) => splitKeepingSeparator(t, '\n\n\n'),
    sentenceParts,
    // Clauses: up to and including a comma, period or semicolon. Unlike LlamaIndex's findall this never drops text
    // (its pattern skipped the second of two adjacent punctuation marks).
    (t: string) => t.match(/[^,.;。？！]+[,.;。？！]*|[,.;。？！]+/g) ?? [t],
    (t: string) => splitKeepingSeparator(t, ' '),
  ];
  for (const cut of cutters) {
    const parts = cut(text);
    if (parts.length > 1) return parts;
  }
  // Code points, not UTF-16 units, so a character outside the BMP is never cut in half.
  return Array.from(text);
}

/** `a|b|c` split on `|`, each separator kept at the start of the part that follows it. */
function splitKeepingSeparator(text: string, separator: string): string[] {
  return text
    .split(separator)
    .map((part, i) => (i > 0 ? separator + part : part))
    .filter((part) => part !== '');
}

/**
 * Sentences, each with the whitespace that follows it, so the parts concatenate back to the text exactly (as
 * LlamaIndex does with the spans of its sentence tokenizer). `sentence-splitter` knows abbreviations like "Dr." and
 * "e.g.", decimals and ellipses.
 */
function sentenceParts(text: string): string[] {
  return detectionWindows(text).flatMap((window) => {
    const starts = splitSentenceNodes(window)
      .filter((node) => node.type === 'Sentence')
      .map((node) => node.range[0]);
    if (starts.length <= 1) return [window];
    starts[0] = 0; // leading whitespace stays with the first sentence instead of being lost
    return starts.map((start, i) => window.slice(start, starts[i + 1] ?? window.length));
  });
}

/** Characters per call of the sentence splitter. */
const DETECTION_WINDOW = 2000;

/**
 * `sentence-splitter` slows down quadratically with the number of abbreviations and numbered items it has seen in one
 * call (150 KB of a numbered list takes seconds), so long text goes through it in windows of about 2000 characters,
 * cut where a sentence surely ends: after a blank line, else after sentence punctuation, else at a line break or
 * space. Only a cut in the window's second half counts, so windows stay large.
 */
function detectionWindows(text: string): string[] {
  const windows: string[] = [];
  let start = 0;
  while (text.length - start > DETECTION_WINDOW) {
    const cut = lastSafeCut(text.slice(start, start + DETECTION_WINDOW));
    windows.push(text.slice(start, start + cut));
    start += cut;
  }
  windows.push(text.slice(start));
  return windows;
}

const SAFE_CUTS = [/\n[^\S\n]*\n\s*/g, /[.!?]["')\]]*\s+/g, /\n/g, /\s+/g];

function lastSafeCut(window: string): number {
  for (const pattern of SAFE_CUTS) {
    let cut = -1;
    for (const m of window.matchAll(pattern)) {
      const end = m.index + m[0].length;
      if (end < window.length) cut = end;
    }
    if (cut > window.length / 2) return cut;
  }
  return window.length;
}

/**
 * Packs pieces greedily into chunks of at most `chunkSize` tokens. A new chunk first takes whole pieces from the end
 * of the previous one, as many as fit in `chunkOverlap` tokens. Two corrections to LlamaIndex, which can overshoot
 * the size: overlap is dropped (oldest first) when it would not leave room for the next piece, and a chunk whose
 * joined text tokenizes longer than the sum of its pieces gives its last pieces back.
 */
function packPieces(pieces: Piece[], chunkSize: number, chunkOverlap: number): string[] {
  const chunks: string[] = [];
  let current: Piece[] = [];
  let currentTokens = 0;
  let overlapCount = 0; // pieces at the start of `current` copied from the previous chunk
  let next = 0;

  const closeChunk = (): void => {
    // Tokens of joined text can differ from the sum at the seams (BPE merges across them): measure the real text.
    while (countTokens(joinPieces(current)) > chunkSize) {
      if (current.length - overlapCount > 1) {
        current.pop();
        next--; // the piece goes back to the queue and starts the next chunk
      } else if (overlapCount > 0) {
        current.shift();
        overlapCount--;
      } else {
        break; // one piece that fits alone; nothing left to give back
      }
    }
    chunks.push(joinPieces(current));
    const previous = current;
    current = [];
    currentTokens = 0;
    overlapCount = 0;
    for (let k = previous.length - 1; k >= 0 && currentTokens + previous[k].tokens <= chunkOverlap; k--) {
      current.unshift(previous[k]);
      currentTokens += previous[k].tokens;
      overlapCount++;
    }
  };

  for (;;) {
    if (next >= pieces.length) {
      if (current.length === overlapCount) break;
      closeChunk(); // may give pieces back to the queue, so the loop goes on
      continue;
    }
    const piece = pieces[next];
    if (currentTokens + piece.tokens > chunkSize) {
      if (current.length > overlapCount) {
        closeChunk();
        continue;
      }
      while (overlapCount > 0 && currentTokens + piece.tokens > chunkSize) {
        currentTokens -= (current.shift() as Piece).tokens;
        overlapCount--;
      }
    }
    current.push(piece);
    currentTokens += piece.tokens;
    next++;
  }
  return chunks.filter((chunk) => chunk !== '');
}

function joinPieces(pieces: Piece[]): string {
  return pieces.map((p) => p.text).join('').trim();
}
