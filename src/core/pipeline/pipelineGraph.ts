import type { Locate } from '../json/jsonLocator';
import type { Problem } from '../problems';
import { END_ID, START_ID } from './pipelineTypes';
import { edgeLabel } from './pipelineLabels';
import { pipelineProblem } from './pipelineProblem';
import { PipelineProblemCode } from './pipelineProblemCodes';
import type { BlockView, EdgeView, PipelineShape } from './pipelineShape';

/** The graph the checks and the execution order work on: Start, End, uniquely-identified blocks, usable edges. */
export interface PipelineGraph {
  /** Blocks by id; a duplicated id keeps its first block. */
  blocks: Map<string, BlockView>;
  /** Those blocks in file order. */
  blockList: BlockView[];
  /** Outgoing and incoming usable edges per node id (`start`, `end` and block ids). */
  outgoing: Map<string, EdgeView[]>;
  incoming: Map<string, EdgeView[]>;
}

/**
 * Builds the graph and reports the edges it cannot use: unknown endpoints, edges into Start or out of End, a
 * Start → End shortcut past the blocks, repeated edges. Leaving those out lets the later checks (connectivity,
 * cycles, branches) describe the rest of the graph without follow-on errors.
 */
export function buildPipelineGraph(shape: PipelineShape, locate?: Locate): { graph: PipelineGraph; problems: Problem[] } {
  const problems: Problem[] = [];
  const blocks = new Map<string, BlockView>();
  for (const block of shape.blocks) {
    if (block.id === START_ID || block.id === END_ID) continue; // reserved: the schema check reports it
    const first = blocks.get(block.id);
    if (first) {
      problems.push(
        pipelineProblem(
          {
            code: PipelineProblemCode.DuplicateBlockId,
            message: `Block id "${block.id}" is used by blocks[${first.index}] and blocks[${block.index}]; block ids must be unique. Rename this block.`,
            path: ['blocks', block.index, 'id'],
            blockId: block.id,
          },
          locate,
        ),
      );
      continue;
    }
    blocks.set(block.id, block);
  }

  const outgoing = new Map<string, EdgeView[]>();
  const incoming = new Map<string, EdgeView[]>();
  const seen = new Set<string>();
  const knownIds = (): string => [START_ID, ...blocks.keys(), END_ID].map((id) => `"${id}"`).join(', ');
  const isNode = (id: string): boolean => id === START_ID || id === END_ID || blocks.has(id);

  for (const edge of shape.edges) {
    const report = (code: string, message: string, end: 'source' | 'target', severity: 'error' | 'warning' = 'error'): void => {
      problems.push(pipelineProblem({ severity, code, message, path: ['edges', edge.index, end] }, locate));
    };
    const unknownEnds = (['source', 'target'] as const).filter((end) => !isNode(edge[end]));
    for (const end of unknownEnds) {
      report(
        PipelineProblemCode.EdgeUnknownNode,
        `The ${end} of ${edgeLabel(edge)} is "${edge[end]}", but there is no node with that id. Known ids: ${knownIds()}. Fix the id or remove the edge.`,
        end,
      );
    }
    if (unknownEnds.length > 0) continue;
    if (edge.target === START_ID) {
      report(PipelineProblemCode.StartIncomingEdge, `Start cannot have incoming edges, but ${edgeLabel(edge)} goes into it. Remove the edge; Start is always first.`, 'target');
      continue;
    }
    if (edge.source === END_ID) {
      report(PipelineProblemCode.EndOutgoingEdge, `End cannot have outgoing edges, but ${edgeLabel(edge)} leaves it. Remove the edge; End is always last.`, 'source');
      continue;
    }
    if (edge.source === START_ID && edge.target === END_ID && blocks.size > 0) {
      report(PipelineProblemCode.EdgeSkipsBlocks, `${capitalize(edgeLabel(edge))} connects Start straight to End, skipping every block. Remove it.`, 'target');
      continue;
    }
    const key = `${edge.source}\u0000${edge.target}`;
    if (seen.has(key)) {
      report(PipelineProblemCode.EdgeDuplicate, `${capitalize(edgeLabel(edge))} repeats an earlier edge and is ignored. Remove it.`, 'source', 'warning');
      continue;
    }
    seen.add(key);
    push(outgoing, edge.source, edge);
    push(incoming, edge.target, edge);
  }
  return { graph: { blocks, blockList: [...blocks.values()], outgoing, incoming }, problems };
}

/** Ids reachable from `from` following edges forwards (`outgoing`) or backwards (`incoming`). */
export function reachable(graph: PipelineGraph, from: string, direction: 'outgoing' | 'incoming'): Set<string> {
  const edges = graph[direction];
  const found = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const edge of edges.get(id) ?? []) {
      const next = direction === 'outgoing' ? edge.target : edge.source;
      if (!found.has(next)) {
        found.add(next);
        stack.push(next);
      }
    }
  }
  return found;
}

function push(map: Map<string, EdgeView[]>, key: string, edge: EdgeView): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
