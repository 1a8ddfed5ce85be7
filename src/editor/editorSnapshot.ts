import type { BlockRegistry } from '../core/blocks/blockTypes';
import { isJsonObject } from '../core/json/jsonPath';
import { availableFields } from '../core/pipeline/availableFields';
import { configWithDefaults } from '../core/pipeline/configWithDefaults';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import { pipelineRequirements } from '../core/seeds/pipelineRequirements';
import type { EditorBlock, EditorPipeline, EditorProblem, EditorSnapshot } from '../shared/editorProtocol';

/**
 * The document at one version as the canvas needs it: the drawable pipeline (or none when the text is not a
 * pipeline), every problem with its line and column, and the state fields available before each block.
 */
export function buildSnapshot(text: string, version: number, fileName: string, registry: BlockRegistry): EditorSnapshot {
  const parsed = parsePipeline(text, registry);
  const problems: EditorProblem[] = parsed.problems.map((p) => ({
    severity: p.severity,
    code: p.code,
    message: p.message,
    ...(p.blockId !== undefined ? { blockId: p.blockId } : {}),
    ...(p.range ? { line: p.range.line, column: p.range.column } : {}),
  }));
  if (!parsed.pipeline) return { version, fileName, problems, available: {}, seedFields: [] };
  const pipeline = parsed.pipeline;
  const seedFields = seedFieldsOf(pipeline, registry);
  const available = Object.fromEntries(availableFields(pipeline, registry, seedFields));
  return { version, fileName, pipeline: toEditorPipeline(pipeline), problems, available, seedFields };
}

/**
 * The editor does not know the seed file, so the seed fields it shows are those the pipeline's templates need and
 * no block produces: along the run order when the pipeline is connected (the same walk Verify Seeds uses), else
 * over every block, so a half-built pipeline gets answers too.
 */
function seedFieldsOf(pipeline: PipelineFile, registry: BlockRegistry): string[] {
  const fields = new Set<string>();
  try {
    for (const r of pipelineRequirements(pipeline, registry)) r.fields.forEach((f) => fields.add(f));
  } catch {
    // A pipeline the requirement walk cannot follow still draws; its problems are listed.
  }
  const produced = new Set<string>();
  for (const block of pipeline.blocks) for (const o of registry.get(block.type)?.outputs ?? []) produced.add(o);
  for (const block of pipeline.blocks) {
    const definition = registry.get(block.type);
    if (!definition) continue;
    try {
      for (const f of definition.requiredFields(configWithDefaults(isJsonObject(block.config) ? block.config : {}, definition.configSchema))) {
        const top = f.split('.')[0];
        if (top && top !== '*' && !produced.has(top)) fields.add(top);
      }
    } catch {
      // A config the block cannot read is reported by validation.
    }
  }
  return [...fields];
}

function toEditorPipeline(p: PipelineFile): EditorPipeline {
  const blocks: EditorBlock[] = p.blocks.map((b) => ({
    id: b.id,
    type: b.type,
    ...(typeof b.name === 'string' ? { name: b.name } : {}),
    config: isJsonObject(b.config) ? b.config : {},
    position: { x: b.position?.x ?? 0, y: b.position?.y ?? 0 },
  }));
  const constraints: Record<string, number | null | undefined> = {};
  for (const [k, v] of Object.entries(p.constraints ?? {})) if (typeof v === 'number' || v === null) constraints[k] = v;
  return {
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    blocks,
    edges: p.edges.map((e) => ({ source: e.source, target: e.target })),
    constraints,
    layout: { ...(p.layout?.start ? { start: p.layout.start } : {}), ...(p.layout?.end ? { end: p.layout.end } : {}) },
  };
}
