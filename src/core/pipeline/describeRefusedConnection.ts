import { isJsonObject } from '../json/jsonPath';
import { PipelineProblemCode } from './pipelineProblemCodes';
import { END_ID, START_ID } from './pipelineTypes';

const LINEAR = 'Pipelines are linear: every node has at most one next and one previous node.';

/**
 * Why the canvas refuses the proposed connection `source → target`, in words about that connection. The core's own
 * problem message describes a file that already holds the edge ("Remove the edge a → c (edges[3])"), which reads as
 * if an edge had been added; `coreMessage` is used only where it names blocks, not edges.
 */
export function describeRefusedConnection(pipeline: Record<string, unknown>, source: string, target: string, code: string, coreMessage: string): string {
  const edges = existingEdges(pipeline);
  const connecting = `Connecting ${nodeName(source)} → ${nodeName(target)}`;
  switch (code) {
    case PipelineProblemCode.Cycle: {
      const path = findPath(edges, target, source);
      const loop = [source, ...(path ?? [target, source])].map(nodeName).join(' → ');
      return `${connecting} would close a loop: ${loop}. Pipelines run once from Start to End without loops; connect ${nodeName(source)} to a block that does not lead back to it.`;
    }
    case PipelineProblemCode.Branch: {
      const next = edges.filter((e) => e.source === source).map((e) => nodeName(e.target));
      return `${connecting} would branch: ${nodeName(source)} already connects to ${next.join(', ')}. ${LINEAR} Remove that connection first, or connect ${nodeName(target)} after another block.`;
    }
    case PipelineProblemCode.Merge: {
      const previous = edges.filter((e) => e.target === target).map((e) => nodeName(e.source));
      return `${connecting} would merge: ${nodeName(target)} already has a connection from ${previous.join(', ')}. ${LINEAR} Remove that connection first.`;
    }
    case PipelineProblemCode.EdgeSkipsBlocks:
      return `${connecting} would skip every block. Connect Start to the first block and the last block to End.`;
    case PipelineProblemCode.EdgeUnknownNode: {
      const unknown = [source, target].filter((id) => id !== START_ID && id !== END_ID && !blockIds(pipeline).has(id));
      return `${connecting} is not possible: there is no block with the id ${unknown.map((id) => `"${id}"`).join(' or ')}. Reload the editor if the file changed.`;
    }
    default:
      return `${connecting} is refused. ${coreMessage}`;
  }
}

function nodeName(id: string): string {
  return id === START_ID ? 'Start' : id === END_ID ? 'End' : `"${id}"`;
}

function existingEdges(pipeline: Record<string, unknown>): { source: string; target: string }[] {
  const edges = Array.isArray(pipeline.edges) ? pipeline.edges : [];
  return edges.flatMap((e) => (isJsonObject(e) && typeof e.source === 'string' && typeof e.target === 'string' ? [{ source: e.source, target: e.target }] : []));
}

function blockIds(pipeline: Record<string, unknown>): Set<string> {
  const blocks = Array.isArray(pipeline.blocks) ? pipeline.blocks : [];
  return new Set(blocks.flatMap((b) => (isJsonObject(b) && typeof b.id === 'string' ? [b.id] : [])));
}

/** The nodes on a path `from` … `to` along the existing edges (breadth first), or undefined. */
function findPath(edges: readonly { source: string; target: string }[], from: string, to: string): string[] | undefined {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length) {
    const node = queue.shift() as string;
    if (node === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0]) as string);
      return path;
    }
    for (const e of edges) {
      if (e.source !== node || previous.has(e.target)) continue;
      previous.set(e.target, node);
      queue.push(e.target);
    }
  }
  return undefined;
}
