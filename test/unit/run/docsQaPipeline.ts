// The multiplier pipeline the multi-document and shard-merge tests run: each document's Markdown split into chunks
// (MarkdownMultiplierBlock), then one question per chunk.
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';

export const docsQaPipeline: PipelineFile = {
  version: 1,
  name: 'Docs QA',
  blocks: [
    { id: 'split', type: 'MarkdownMultiplierBlock', config: {}, position: { x: 0, y: 0 } },
    { id: 'ask', type: 'TextGenerator', config: { user_prompt: 'Q on {{ chunk_text }}' }, position: { x: 0, y: 100 } },
  ],
  edges: [
    { source: 'start', target: 'split' },
    { source: 'split', target: 'ask' },
    { source: 'ask', target: 'end' },
  ],
};
