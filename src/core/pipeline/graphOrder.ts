import { END_ID, START_ID } from './pipelineTypes';
import { reachable, type PipelineGraph } from './pipelineGraph';
import type { BlockView } from './pipelineShape';

/**
 * The run order: blocks on a path from Start to End, topologically sorted, ties broken by file order. For a valid
 * pipeline that is exactly the single path Start → b1 → … → bn → End. For an invalid one it is a deterministic
 * best effort (blocks in a cycle are left out) so the editor can still show fields and seeds can still be checked;
 * never run a pipeline that validation rejects.
 */
export function graphOrder(graph: PipelineGraph): BlockView[] {
  const fromStart = reachable(graph, START_ID, 'outgoing');
  const toEnd = reachable(graph, END_ID, 'incoming');
  const onPath = graph.blockList.filter((b) => fromStart.has(b.id) && toEnd.has(b.id));
  const onPathIds = new Set(onPath.map((b) => b.id));

  const indegree = new Map<string, number>();
  for (const block of onPath) {
    const from = (graph.incoming.get(block.id) ?? []).filter((e) => onPathIds.has(e.source));
    indegree.set(block.id, from.length);
  }
  const order: BlockView[] = [];
  const done = new Set<string>();
  for (;;) {
    // onPath is in file order, so the first ready block is the tie-break winner.
    const next = onPath.find((b) => !done.has(b.id) && indegree.get(b.id) === 0);
    if (!next) break;
    done.add(next.id);
    order.push(next);
    for (const edge of graph.outgoing.get(next.id) ?? []) {
      const count = indegree.get(edge.target);
      if (count !== undefined) indegree.set(edge.target, count - 1);
    }
  }
  return order;
}
