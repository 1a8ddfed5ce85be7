import type { PipelineGraph } from './pipelineGraph';
import type { BlockView, EdgeView } from './pipelineShape';

export interface Cycle {
  /** The blocks around the cycle, in edge order, starting with the one earliest in the file. */
  blocks: BlockView[];
  /** The edge that leads from the last block back to the first. */
  closingEdge: EdgeView;
}

/**
 * One cycle per strongly connected component of the block graph (Tarjan), so a tangle of loops is reported once
 * and names real blocks in the order the edges go.
 */
export function findCycles(graph: PipelineGraph): Cycle[] {
  const cycles: Cycle[] = [];
  for (const component of stronglyConnected(graph)) {
    const members = new Set(component);
    const first = graph.blockList.find((b) => members.has(b.id));
    if (!first) continue;
    const selfLoop = (graph.outgoing.get(first.id) ?? []).find((e) => e.target === first.id);
    if (component.length === 1 && !selfLoop) continue;
    cycles.push(walkCycle(graph, first.id, members));
  }
  return cycles;
}

/** Follows edges inside the component until a block repeats; the repeated stretch is a cycle. */
function walkCycle(graph: PipelineGraph, startId: string, members: Set<string>): Cycle {
  const path: string[] = [];
  const edgesTaken: EdgeView[] = [];
  let current = startId;
  while (!path.includes(current)) {
    path.push(current);
    const edge = (graph.outgoing.get(current) ?? []).find((e) => members.has(e.target)) as EdgeView;
    edgesTaken.push(edge);
    current = edge.target;
  }
  const from = path.indexOf(current);
  const ids = path.slice(from);
  const cycleEdges = edgesTaken.slice(from); // cycleEdges[i] leaves ids[i]
  const blocks = ids.map((id) => graph.blocks.get(id) as BlockView);
  const k = blocks.reduce((best, b, i) => (b.index < blocks[best].index ? i : best), 0);
  const rotatedEdges = [...cycleEdges.slice(k), ...cycleEdges.slice(0, k)];
  return { blocks: [...blocks.slice(k), ...blocks.slice(0, k)], closingEdge: rotatedEdges[rotatedEdges.length - 1] };
}

function stronglyConnected(graph: PipelineGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];

  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    for (const edge of graph.outgoing.get(id) ?? []) {
      if (!graph.blocks.has(edge.target)) continue;
      if (!index.has(edge.target)) {
        visit(edge.target);
        low.set(id, Math.min(low.get(id) as number, low.get(edge.target) as number));
      } else if (onStack.has(edge.target)) {
        low.set(id, Math.min(low.get(id) as number, index.get(edge.target) as number));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component);
    }
  };
  for (const block of graph.blockList) if (!index.has(block.id)) visit(block.id);
  return components;
}
