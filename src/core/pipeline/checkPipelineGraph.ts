import type { Locate } from '../json/jsonLocator';
import type { Problem } from '../problems';
import { findCycles } from './findCycles';
import { reachable, type PipelineGraph } from './pipelineGraph';
import { blockLabel, blockName, blockRangePath, edgeLabel } from './pipelineLabels';
import { pipelineProblem } from './pipelineProblem';
import { PipelineProblemCode } from './pipelineProblemCodes';
import type { EdgeView, PipelineShape } from './pipelineShape';
import { END_ID, START_ID } from './pipelineTypes';

const LINEAR =
  'Pipelines are linear: blocks run one after another from Start to End, so every node has at most one next and one previous node.';

/**
 * The shape rules of the engine, which runs blocks as a list: at least one block, every block on the path from
 * Start to End, no cycles, no branches or merges.
 */
export function checkPipelineGraph(graph: PipelineGraph, shape: PipelineShape, locate?: Locate): Problem[] {
  const problems: Problem[] = [];
  if (shape.blockCount === 0) {
    problems.push(
      pipelineProblem(
        { code: PipelineProblemCode.PipelineEmpty, message: 'The pipeline has no blocks. Add at least one block and connect Start → block → End.', path: ['blocks'] },
        locate,
      ),
    );
  }
  problems.push(...connectivityProblems(graph, locate), ...cycleProblems(graph, locate), ...branchProblems(graph, locate));
  return problems;
}

function connectivityProblems(graph: PipelineGraph, locate?: Locate): Problem[] {
  const fromStart = reachable(graph, START_ID, 'outgoing');
  const toEnd = reachable(graph, END_ID, 'incoming');
  const problems: Problem[] = [];
  for (const block of graph.blockList) {
    const reached = fromStart.has(block.id);
    const reaches = toEnd.has(block.id);
    if (reached && reaches) continue;
    const hasEdges = (graph.incoming.get(block.id)?.length ?? 0) + (graph.outgoing.get(block.id)?.length ?? 0) > 0;
    const why = !hasEdges
      ? 'it has no edges'
      : !reached && !reaches
        ? 'there is no path from Start to it, nor from it to End'
        : !reached
          ? 'there is no path from Start to it'
          : 'there is no path from it to End';
    problems.push(
      pipelineProblem(
        {
          code: PipelineProblemCode.BlockNotConnected,
          message: `${blockLabel(block)} is not connected: ${why}. Connect it between Start and End, or delete it; a pipeline with unconnected blocks cannot run.`,
          path: ['blocks', block.index],
          rangePath: blockRangePath(block),
          blockId: block.id,
        },
        locate,
      ),
    );
  }
  return problems;
}

function cycleProblems(graph: PipelineGraph, locate?: Locate): Problem[] {
  return findCycles(graph).map((cycle) => {
    const names = [...cycle.blocks, cycle.blocks[0]].map(blockName).join(' → ');
    return pipelineProblem(
      {
        code: PipelineProblemCode.Cycle,
        message: `Blocks form a cycle: ${names}. Pipelines run once from Start to End without loops; remove ${edgeLabel(cycle.closingEdge)} or another edge of the cycle.`,
        path: ['edges', cycle.closingEdge.index],
        blockId: cycle.blocks[0].id,
      },
      locate,
    );
  });
}

/**
 * Every edge beyond a node's first outgoing edge is a branch; every remaining edge beyond a node's first incoming
 * edge is a merge. An edge is reported once, so one stray edge gives one problem.
 */
function branchProblems(graph: PipelineGraph, locate?: Locate): Problem[] {
  const problems: Problem[] = [];
  const flagged = new Set<EdgeView>();
  const nodeName = (id: string): string => (id === START_ID ? 'Start' : id === END_ID ? 'End' : blockLabel(graph.blocks.get(id) ?? { id }));

  for (const [source, edges] of graph.outgoing) {
    if (edges.length < 2) continue;
    const targets = edges.map((e) => `"${e.target}"`).join(', ');
    for (const edge of edges.slice(1)) {
      flagged.add(edge);
      problems.push(
        pipelineProblem(
          {
            code: PipelineProblemCode.Branch,
            message: `${nodeName(source)} has ${edges.length} outgoing edges (to ${targets}). ${LINEAR} Remove ${edgeLabel(edge)} and chain "${edge.target}" after another block instead.`,
            path: ['edges', edge.index],
            blockId: graph.blocks.has(source) ? source : undefined,
          },
          locate,
        ),
      );
    }
  }
  for (const [target, all] of graph.incoming) {
    const edges = all.filter((e) => !flagged.has(e));
    if (edges.length < 2) continue;
    const sources = all.map((e) => `"${e.source}"`).join(', ');
    for (const edge of edges.slice(1)) {
      problems.push(
        pipelineProblem(
          {
            code: PipelineProblemCode.Merge,
            message: `${nodeName(target)} has ${all.length} incoming edges (from ${sources}). ${LINEAR} Remove ${edgeLabel(edge)}.`,
            path: ['edges', edge.index],
            blockId: graph.blocks.has(target) ? target : undefined,
          },
          locate,
        ),
      );
    }
  }
  return problems;
}
