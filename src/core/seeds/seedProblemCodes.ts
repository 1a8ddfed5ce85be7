/** Problem codes of seed files. Stable: tests and the CLI's exit status rely on them. */
export const SeedProblemCode = {
  /** The text is not valid JSON (see also `json-duplicate-key` and `json-too-deep`). */
  JsonInvalid: 'json-invalid',
  NotArrayOrObject: 'seeds-not-array-or-object',
  /** An empty array or an empty Markdown file. */
  Empty: 'seeds-empty',
  SeedNotObject: 'seed-not-object',
  MissingMetadata: 'seed-missing-metadata',
  MetadataNotObject: 'seed-metadata-not-object',
  InvalidRepetitions: 'seed-invalid-repetitions',
  /** The repetitions add up to more units than a job may have (datagenflow.maxUnitsPerJob). */
  TooManyUnits: 'seeds-too-many-units',
  /** Warning: the seed is valid but produces nothing. */
  ZeroRepetitions: 'seed-zero-repetitions',
  /** Warning: a key other than `repetitions` and `metadata`. */
  UnknownKey: 'seed-unknown-key',
  /**
   * A field the pipeline cannot run without (a template variable or block input) is not in the metadata of one or
   * more seeds: one problem per field, listing the seeds.
   */
  MissingField: 'seed-missing-field',
  /**
   * Warning: a field a block reads but runs without (giving a documented result such as a score of 0) is not in the
   * metadata of one or more seeds: one problem per field, listing the seeds.
   */
  MissingOptionalField: 'seed-missing-optional-field',
  /** A document seed (for a multiplier pipeline) whose `file_content` is empty or not text. */
  EmptyDocument: 'seed-empty-document',
  /** Markdown seeds (a file or a folder) for a pipeline that does not start with a multiplier. */
  WrongFileKind: 'seeds-wrong-file-kind',
} as const;

export type SeedProblemCode = (typeof SeedProblemCode)[keyof typeof SeedProblemCode];
