import type { BlockRegistry } from '../core/blocks/blockTypes';
import { isJsonObject } from '../core/json/jsonPath';
import { availableFields } from '../core/pipeline/availableFields';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import { problemFixEdit } from '../core/pipeline/problemFixEdit';
import { expectedSeedFields } from '../core/seeds/expectedSeedFields';
import type { EditorBlock, EditorPipeline, EditorProblem, EditorSnapshot } from '../shared/editorProtocol';

/**
 * The document at one version as the canvas needs it: the drawable pipeline (or none when the text is not a
 * pipeline), every problem with its line and column, and the state fields available before each block.
 */
export function buildSnapshot(text: string, version: number, fileName: string, registry: BlockRegistry): EditorSnapshot {
  const parsed = parsePipeline(text, registry);
  const problems: EditorProblem[] = parsed.problems.map((p) => {
    const edit = p.fix && parsed.pipeline ? problemFixEdit(parsed.pipeline, p.fix) : undefined;
    return {
      severity: p.severity,
      code: p.code,
      message: p.message,
      ...(p.blockId !== undefined ? { blockId: p.blockId } : {}),
      ...(p.range ? { line: p.range.line, column: p.range.column } : {}),
      ...(p.fix && edit ? { fix: { title: p.fix.title, edit } } : {}),
    };
  });
  if (!parsed.pipeline) return { version, fileName, problems, available: {}, seedFields: [] };
  const pipeline = parsed.pipeline;
  // The editor does not know the seed file: it shows the fields Verify Seeds checks seeds for.
  const seedFields = expectedSeedFields(pipeline, registry);
  const available = Object.fromEntries(availableFields(pipeline, registry, seedFields));
  return { version, fileName, pipeline: toEditorPipeline(pipeline), problems, available, seedFields };
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
