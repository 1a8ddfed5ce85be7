import { createScanner } from 'jsonc-parser';
import { DOCUMENT_FIELD } from './documentSeeds';
import { SOURCE_FILE_FIELD } from './folderSeeds';
import { seedFileKind } from './parseSeeds';

/** The fields a seed file gives the pipeline, or why they cannot be told. */
export type SeedFieldNames =
  | { ok: true; fileName: string; fields: string[]; seeds: number }
  | { ok: false; fileName: string; reason: string };

/** A folder of Markdown documents: one seed per document. */
export const FOLDER_SEED_FIELDS: readonly string[] = [DOCUMENT_FIELD, SOURCE_FILE_FIELD];

/** Seed text larger than this is not read for its field names (the editor would hold it twice for little gain). */
export const MAX_SEED_FIELDS_BYTES = 256 * 1024 * 1024;

export interface SeedFieldOptions {
  /** How long one synchronous slice of the scan may run before it yields (default 8 ms). */
  sliceMs?: number;
  /** Lets other work run between slices (default: setImmediate). */
  yieldNow?: () => Promise<void>;
  /** Stops the scan (the file changed again): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  now?: () => number;
}

/** jsonc-parser's SyntaxKind, a const enum isolated modules cannot import (see jsonDepth.ts). */
const Token = { OpenBrace: 1, CloseBrace: 2, OpenBracket: 3, CloseBracket: 4, Comma: 5, Colon: 6, String: 10, Unknown: 16, EOF: 17 } as const;
/** NO_SCAN_ERROR. */
const NO_SCAN_ERROR = 0;

interface Frame {
  kind: 'object' | 'array';
  /** `root`: the seed array; `seed`: a seed object; `metadata`: a seed's metadata, whose keys are the fields. */
  role: 'root' | 'seed' | 'metadata' | 'other';
  expectKey: boolean;
  key?: string;
}

/**
 * Every metadata field of a seed file (first seen first), for completion and the undefined-variable check: a
 * Markdown file gives `file_content`; a JSON file `[{ "metadata": {…} }, …]` (or one seed object) the union of its
 * seeds' metadata keys. The JSON is read with jsonc-parser's scanner in slices that yield between them, so a seed
 * file of hundreds of megabytes never blocks the caller for long; nothing but the key names is kept. A file that is
 * not JSON (Verify Seeds says where) or not seeds gives a reason instead.
 */
export async function seedFieldNames(text: string, fileName: string, options: SeedFieldOptions = {}): Promise<SeedFieldNames> {
  if (seedFileKind(fileName) === 'markdown') return { ok: true, fileName, fields: [DOCUMENT_FIELD], seeds: 1 };
  if (text.length > MAX_SEED_FIELDS_BYTES) return { ok: false, fileName, reason: `${fileName} is too large to read its fields in the editor` };
  const sliceMs = options.sliceMs ?? 8;
  const now = options.now ?? Date.now;
  const yieldNow = options.yieldNow ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const malformed = (): SeedFieldNames => ({ ok: false, fileName, reason: `${fileName} is not valid JSON (Verify Seeds shows where)` });

  const scanner = createScanner(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, true);
  const stack: Frame[] = [];
  const fields = new Set<string>();
  let seeds = 0;
  let sliceStart = now();
  for (let count = 1; ; count++) {
    if (count % 1024 === 0 && now() - sliceStart >= sliceMs) {
      await yieldNow();
      options.signal?.throwIfAborted();
      sliceStart = now();
    }
    const token = scanner.scan();
    if (scanner.getTokenError() !== NO_SCAN_ERROR) return malformed();
    const top = stack[stack.length - 1];
    switch (token) {
      case Token.EOF:
        if (stack.length > 0 || count === 1) return malformed();
        return seeds > 0 ? { ok: true, fileName, fields: [...fields], seeds } : { ok: false, fileName, reason: `${fileName} holds no seeds` };
      case Token.OpenBrace: {
        const role = roleOfObject(top, stack.length);
        if (role === 'seed') seeds++;
        stack.push({ kind: 'object', role, expectKey: true });
        break;
      }
      case Token.OpenBracket:
        stack.push({ kind: 'array', role: stack.length === 0 ? 'root' : 'other', expectKey: false });
        break;
      case Token.CloseBrace:
      case Token.CloseBracket:
        if (top?.kind !== (token === Token.CloseBrace ? 'object' : 'array')) return malformed();
        stack.pop();
        break;
      case Token.String:
        if (top?.kind === 'object' && top.expectKey) {
          top.key = scanner.getTokenValue();
          if (top.role === 'metadata') fields.add(top.key);
        }
        break;
      case Token.Colon:
        if (top?.kind === 'object') top.expectKey = false;
        break;
      case Token.Comma:
        if (top?.kind === 'object') top.expectKey = true;
        break;
      case Token.Unknown:
        return malformed();
    }
  }
}

function roleOfObject(parent: Frame | undefined, depth: number): Frame['role'] {
  if (depth === 0) return 'seed';
  if (parent?.kind === 'array' && parent.role === 'root') return 'seed';
  if (parent?.kind === 'object' && parent.role === 'seed' && parent.key === 'metadata') return 'metadata';
  return 'other';
}
