import { BlockExecutionError } from '../errors';
import type { BlockContext, MultiplierBlockDefinition } from './blockTypes';
import { isOneOf, numberConfig } from './configValues';
import { splitByTokens } from './markdownChunking';
import { markdownSections } from './markdownSections';

const PARSER_TYPES = ['markdown', 'sentence'] as const;

/**
 * Splits a document (`file_content`: a `.md` seed file, each file of a seed folder, or each JSON seed's metadata)
 * into chunks; each chunk becomes its own unit with `chunk_text` and a 0-based `chunk_index`, plus its seed's
 * other metadata (see chunkBaseMetadata). Sizes are counted in cl100k_base tokens.
 */
export const markdownMultiplier: MultiplierBlockDefinition = {
  type: 'MarkdownMultiplierBlock',
  name: 'Markdown Chunker',
  description: 'Split a markdown document into chunks (by headings, then by size; or by sentences); each chunk becomes its own record.',
  category: 'seeders',
  inputs: ['file_content'],
  outputs: ['chunk_text', 'chunk_index'],
  isMultiplier: true,
  configSchema: {
    type: 'object',
    properties: {
      parser_type: {
        type: 'string',
        enum: PARSER_TYPES,
        default: 'markdown',
        description: "Chunking strategy: 'markdown' splits at headings (then by size if chunk_size > 0), 'sentence' packs sentences up to chunk_size.",
      },
      chunk_size: {
        type: 'integer',
        default: 0,
        minimum: 0,
        description: 'Maximum chunk size in tokens (0 disables size splitting for markdown; required for sentence).',
      },
      chunk_overlap: {
        type: 'integer',
        default: 50,
        minimum: 0,
        description: 'Tokens repeated from the end of a chunk at the start of the next (whole sentences; at most chunk_size).',
      },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields() {
    return ['file_content'];
  },
  async execute(ctx) {
    const parser = ctx.config.parser_type;
    if (!isOneOf(PARSER_TYPES, parser)) {
      fail(ctx, `parser_type must be one of ${PARSER_TYPES.join(', ')}, got ${JSON.stringify(parser)}`);
    }
    const chunkSize = tokenCount(ctx, 'chunk_size');
    const chunkOverlap = tokenCount(ctx, 'chunk_overlap');
    if (parser === 'sentence' && chunkSize === 0) {
      fail(ctx, "parser_type 'sentence' needs chunk_size > 0 (the maximum tokens per chunk)");
    }
    if (chunkSize > 0 && chunkOverlap > chunkSize) {
      fail(ctx, `chunk_overlap (${chunkOverlap}) must not be larger than chunk_size (${chunkSize})`);
    }
    const content = ctx.state.file_content;
    if (content === undefined || content === null) {
      fail(ctx, "the seed has no 'file_content' (a .md seed file or a folder of .md files provides it; in JSON seeds put the document in metadata.file_content)");
    }
    if (typeof content !== 'string') fail(ctx, `file_content must be text, got ${typeof content}`);

    let chunks: string[];
    try {
      const units = parser === 'sentence' ? [content] : markdownSections(content);
      chunks = chunkSize > 0 ? units.flatMap((text) => splitByTokens(text, { chunkSize, chunkOverlap })) : units;
    } catch (e) {
      throw new BlockExecutionError(`chunking failed: ${(e as Error).message}`, ctx.blockId, ctx.blockType, { cause: e });
    }
    return { items: chunks.map((chunk_text, chunk_index) => ({ chunk_text, chunk_index })) };
  },
};

/** A non-negative whole number of tokens. */
function tokenCount(ctx: BlockContext, field: string): number {
  const n = numberConfig(ctx, field);
  if (!Number.isInteger(n) || n < 0) fail(ctx, `${field} must be a whole number of tokens (0 or more), got ${n}`);
  return n;
}

function fail(ctx: BlockContext, message: string): never {
  throw new BlockExecutionError(message, ctx.blockId, ctx.blockType);
}
