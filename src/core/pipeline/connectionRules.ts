import type { BlockRegistry } from '../blocks/blockTypes';
import { isJsonObject } from '../json/jsonPath';
import type { Problem } from '../problems';
import { describeRefusedConnection } from './describeRefusedConnection';
import { PipelineProblemCode } from './pipelineProblemCodes';
import { END_ID, START_ID } from './pipelineTypes';
import { validatePipeline } from './validatePipeline';

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

/** The graph rules an edge can break; a new edge is refused when it adds a problem of one of these kinds. */
const EDGE_RULES: readonly string[] = [
  PipelineProblemCode.Cycle,
  PipelineProblemCode.Branch,
  PipelineProblemCode.Merge,
  PipelineProblemCode.StartIncomingEdge,
  PipelineProblemCode.EndOutgoingEdge,
  PipelineProblemCode.EdgeSkipsBlocks,
  PipelineProblemCode.EdgeUnknownNode,
  PipelineProblemCode.MultiplierNotFirst,
];

/**
 * Whether the canvas may add the edge `source → target`: the core's own validation runs on the pipeline with and
 * without the edge, and the edge is refused with the core's message when it adds a cycle, a branch, a merge, an
 * edge into Start or out of End, a Start → End shortcut or puts a multiplier after another block. The reason
 * describes the proposed connection, never a path into the file (the edge is not in it).
 */
export function checkConnection(pipeline: unknown, source: string, target: string, registry: BlockRegistry): ConnectionVerdict {
  if (source === target) return { ok: false, reason: 'A block cannot be connected to itself: pipelines run once from Start to End without loops.' };
  if (target === START_ID) return { ok: false, reason: 'Start cannot have incoming connections: it is where every record begins.' };
  if (source === END_ID) return { ok: false, reason: 'End cannot have outgoing connections: it is where every record finishes.' };
  const root = isJsonObject(pipeline) ? pipeline : {};
  const edges = Array.isArray(root.edges) ? root.edges : [];
  if (edges.some((e) => isJsonObject(e) && e.source === source && e.target === target)) return { ok: false, reason: `"${source}" is already connected to "${target}".` };
  const before = ruleCounts(validatePipeline(root, registry));
  const afterProblems = validatePipeline({ ...root, edges: [...edges, { source, target }] }, registry);
  const after = ruleCounts(afterProblems);
  for (const code of EDGE_RULES) {
    if ((after.get(code) ?? 0) <= (before.get(code) ?? 0)) continue;
    const added = afterProblems.filter((p) => p.code === code);
    const problem = added.find((p) => p.path[0] === 'edges' && p.path[1] === edges.length) ?? added[added.length - 1];
    return { ok: false, reason: describeRefusedConnection(root, source, target, code, problem.message) };
  }
  return { ok: true };
}

function ruleCounts(problems: readonly Problem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of problems) if (EDGE_RULES.includes(p.code)) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  return counts;
}
