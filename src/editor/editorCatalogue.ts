import { BUILTIN_BLOCKS } from '../core/blocks/blockRegistry';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import type { CatalogueBlock, EditorCatalogue } from '../shared/editorProtocol';

const CATEGORY_ORDER = ['seeders', 'generators', 'validators', 'metrics', 'utilities', 'integrations', 'general'];

/** The palette and config-panel description of every block in the registry, built-in order first, then custom. */
export function buildCatalogue(registry: BlockRegistry, models: { llm: string[]; embedding: string[] }, trusted: boolean): EditorCatalogue {
  const builtin = new Set(BUILTIN_BLOCKS.map((b) => b.type));
  const palettePosition = (type: string): number => {
    const at = BUILTIN_BLOCKS.findIndex((b) => b.type === type);
    return at >= 0 ? at : BUILTIN_BLOCKS.length;
  };
  const blocks: CatalogueBlock[] = registry
    .all()
    .map((d) => ({
      type: d.type,
      name: d.name,
      description: d.description,
      category: d.category,
      inputs: [...d.inputs],
      outputs: [...d.outputs],
      isMultiplier: d.isMultiplier,
      custom: !builtin.has(d.type),
      properties: structuredClone(d.configSchema.properties) as CatalogueBlock['properties'],
      required: [...d.configSchema.required],
    }))
    .sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || palettePosition(a.type) - palettePosition(b.type) || a.type.localeCompare(b.type));
  return { blocks, models: models.llm, embeddingModels: models.embedding, trusted };
}
