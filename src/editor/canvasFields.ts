import type { BlockRegistry } from '../core/blocks/blockTypes';
import { fieldOrigins } from '../core/pipeline/fieldOrigins';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import type { SeedFieldsSource } from '../core/pipeline/templateAnalysis';
import { expectedSeedFields } from '../core/seeds/expectedSeedFields';
import type { SeedFieldNames } from '../core/seeds/seedFieldNames';
import { originText } from '../language/originText';
import type { EditorFields } from '../shared/editorProtocol';

/**
 * The fields a template can read at each block of the document, with their origin in words, for completion in the
 * canvas' prompt fields: seed fields from the seed file when it was read (else the ones the pipeline expects), then
 * outputs of the blocks before it. Undefined while the text is not JSON (the last fields sent stay).
 */
export function canvasFields(text: string, version: number, registry: BlockRegistry, seeds: SeedFieldNames | undefined): EditorFields | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let fields: readonly string[];
  let source: SeedFieldsSource;
  if (seeds?.ok) {
    fields = seeds.fields;
    source = { kind: 'file', fileName: seeds.fileName };
  } else {
    try {
      fields = expectedSeedFields(value as PipelineFile, registry);
    } catch {
      fields = [];
    }
    source = { kind: 'expected', ...(seeds ? { fileName: seeds.fileName, reason: seeds.reason } : {}) };
  }
  const blocks: EditorFields['blocks'] = {};
  for (const [blockId, at] of fieldOrigins(value as PipelineFile, registry, fields)) {
    blocks[blockId] = at.fields.map((f) => ({ name: f.name, origin: originText(f.origin, source) }));
  }
  return { version, blocks };
}
