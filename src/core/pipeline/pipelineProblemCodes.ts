/**
 * Problem codes of pipeline validation. Stable: the editor keys badges on them (`config-missing-required` =
 * "Not Configured", `block-not-connected` = "Not Connected") and tests assert them.
 */
export const PipelineProblemCode = {
  /** The text is not valid JSON (see also `json-duplicate-key`). */
  JsonInvalid: 'json-invalid',
  /** The file does not match pipeline.schema.json (missing/mistyped properties, bad block id, bad constraint). */
  Schema: 'pipeline-schema',
  DuplicateBlockId: 'duplicate-block-id',
  UnknownBlockType: 'unknown-block-type',
  /** A config value has the wrong type or is out of range for the block's config schema. */
  ConfigInvalid: 'config-invalid',
  /** A config key the block does not have (warning). */
  ConfigUnknownKey: 'config-unknown-key',
  /** A required config value is absent or empty: the canvas' "Not Configured". */
  ConfigMissingRequired: 'config-missing-required',
  /** A (custom) block's config schema cannot be compiled, or its config cannot be read. */
  BlockDefinitionBroken: 'block-definition-broken',
  EdgeUnknownNode: 'edge-unknown-node',
  EdgeDuplicate: 'edge-duplicate',
  StartIncomingEdge: 'start-incoming-edge',
  EndOutgoingEdge: 'end-outgoing-edge',
  /** An edge straight from Start to End although the pipeline has blocks. */
  EdgeSkipsBlocks: 'edge-skips-blocks',
  PipelineEmpty: 'pipeline-empty',
  /** No path from Start through the block to End: the canvas' "Not Connected". */
  BlockNotConnected: 'block-not-connected',
  Cycle: 'pipeline-cycle',
  /** A node with two or more outgoing edges. */
  Branch: 'pipeline-branch',
  /** A node with two or more incoming edges. */
  Merge: 'pipeline-merge',
  MultipleMultipliers: 'multiplier-multiple',
  MultiplierNotFirst: 'multiplier-not-first',
  /**
   * A config template that fails whatever the data: `{% import %}`/`{% include %}`/`{% extends %}`, an exponent
   * number, or literal values over a render budget (range items, loop length, output size).
   */
  TemplateSureToFail: 'template-sure-to-fail',
  /**
   * A template reads a variable that is neither a field of the pipeline's seed file nor an output of a block before
   * it: the run would fail on it (reported by the editor's template check, where the seed file is known).
   */
  TemplateUndefinedVariable: 'template-undefined-variable',
} as const;

export type PipelineProblemCode = (typeof PipelineProblemCode)[keyof typeof PipelineProblemCode];
