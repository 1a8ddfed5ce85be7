import type { Problem, SourceRange } from '../problems';

/** A seed: initial accumulated state (`metadata`) run `repetitions` times. */
export interface Seed {
  repetitions: number;
  metadata: Record<string, unknown>;
}

/**
 * The usable seeds of a file, read one at a time: a seed file can hold hundreds of thousands of seeds, so they are
 * not kept as objects. An array of seeds is one too, through `seedListOf`.
 */
export interface SeedList extends Iterable<Seed> {
  readonly length: number;
  /** The seed at `index`; a list read from a file parses its metadata afresh on every call. */
  at(index: number): Seed | undefined;
  /** Its repetitions, without reading its metadata. */
  repetitionsAt(index: number): number;
  /** Lets go of what the list keeps outside memory (a snapshot of the seed file): called once the run is over. */
  release?(): void;
}

/**
 * `.md`/`.markdown` files are one Markdown seed for multiplier pipelines, a folder is one seed per Markdown file in
 * it; anything else is read as JSON.
 */
export type SeedFileKind = 'json' | 'markdown' | 'folder';

/** One Markdown file of a seed folder: its path inside the folder (`/`-separated) and its text. */
export interface SeedDocument {
  path: string;
  text: string;
}

/** A folder of Markdown documents, sorted by path (see `seedFolderOf`). */
export interface SeedFolder {
  kind: 'folder';
  documents: readonly SeedDocument[];
}

/** What seeds are read from: a seed file's text, or a folder's Markdown documents. */
export type SeedSource = string | SeedFolder;

/**
 * A seed file's text and the file on disk it was just read from: a run then reads its seeds from the file (see
 * seedsReadFromFile) rather than keeping the text.
 */
export interface SeedFileText {
  text: string;
  file: string;
}

/** What a job's recorded seed path is read into, for resume and retry. */
export type ReadRecordedSeeds = (path: string) => Promise<SeedSource | SeedFileText>;

/**
 * Where each parsed seed came from. Seeds too broken to use are left out of the parsed list, so index `i` of the
 * list is not always item `i` of the file; the locator maps one to the other.
 */
export interface SeedLocator {
  kind: SeedFileKind;
  fileName: string;
  /**
   * The file's JSON path of `subPath` inside the seed at `seedIndex` of the parsed list; for a folder, the index of
   * the seed's document in the folder, then `subPath` (so a problem can be shown on that file).
   */
  path(seedIndex: number, subPath?: (string | number)[]): (string | number)[];
  /** The source range of that path (the nearest existing parent when the path is missing). */
  range(seedIndex: number, subPath?: (string | number)[]): SourceRange | undefined;
  /** Where to show a problem about the file as a whole. */
  fileRange(): SourceRange | undefined;
  /** How messages name the seed, by its place in the file: `Seed 3`. */
  label(seedIndex: number): string;
}

export interface ParsedSeeds {
  /** The well-formed seeds, `repetitions` defaulted to 1. Run them only if `problems` has no error. */
  seeds: SeedList;
  problems: Problem[];
  locate: SeedLocator;
}
