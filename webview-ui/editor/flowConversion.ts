// Model ↔ flow conversion, pure (no DOM, no React): the snapshot's pipeline becomes React Flow nodes and edges with
// plain-JSON data; Start and End are canvas-only nodes whose positions live under the file's `layout`.
import type { CatalogueBlock, EditorCatalogue, EditorPipeline, EditorProblem, XY } from '../../src/shared/editorProtocol';

export const START_NODE = 'start';
export const END_NODE = 'end';
const NOT_CONFIGURED = 'config-missing-required';
const NOT_CONNECTED = 'block-not-connected';

export interface BlockNodeData {
  [key: string]: unknown;
  label: string;
  type: string;
  /** Display name of the type from the catalogue (or the raw type when unknown). */
  typeName: string;
  summary: string[];
  available: string[];
  notConfigured: boolean;
  notConnected: boolean;
  unknownType: boolean;
  /** Other error messages of this block (bad config values, graph rules). */
  errors: string[];
  isMultiplier: boolean;
}

export interface TerminalNodeData {
  [key: string]: unknown;
  label: string;
}

export interface FlowNode {
  id: string;
  type: 'block' | 'start' | 'end';
  position: XY;
  data: BlockNodeData | TerminalNodeData;
  deletable: boolean;
}

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
}

/** Where Start and End go when the file has no layout: above the top block and below the bottom one. */
export function terminalPositions(pipeline: EditorPipeline): { start: XY; end: XY } {
  const ys = pipeline.blocks.map((b) => b.position.y);
  const xs = pipeline.blocks.map((b) => b.position.x);
  // Centred over a 240-wide block column (the terminals are 72 wide).
  const x = xs.length ? Math.min(...xs) + 84 : 0;
  return {
    start: pipeline.layout.start ?? { x, y: (ys.length ? Math.min(...ys) : 0) - 150 },
    end: pipeline.layout.end ?? { x, y: (ys.length ? Math.max(...ys) : 0) + 200 },
  };
}

export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

export function pipelineToFlow(pipeline: EditorPipeline, catalogue: EditorCatalogue | undefined, available: Record<string, string[]>, problems: readonly EditorProblem[]): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const byType = new Map((catalogue?.blocks ?? []).map((b) => [b.type, b]));
  const { start, end } = terminalPositions(pipeline);
  const nodes: FlowNode[] = [
    { id: START_NODE, type: 'start', position: start, data: { label: 'Start' }, deletable: false },
    ...pipeline.blocks.map((b): FlowNode => {
      const def = byType.get(b.type);
      const mine = problems.filter((p) => p.blockId === b.id && p.severity === 'error');
      const data: BlockNodeData = {
        label: b.name ?? b.id,
        type: b.type,
        typeName: def?.name ?? b.type,
        summary: summarizeConfig(b.config, def),
        available: available[b.id] ?? [],
        notConfigured: mine.some((p) => p.code === NOT_CONFIGURED),
        notConnected: mine.some((p) => p.code === NOT_CONNECTED),
        unknownType: catalogue !== undefined && !def,
        errors: mine.filter((p) => p.code !== NOT_CONFIGURED && p.code !== NOT_CONNECTED).map((p) => p.message),
        isMultiplier: def?.isMultiplier ?? false,
      };
      return { id: b.id, type: 'block', position: b.position, data, deletable: true };
    }),
    { id: END_NODE, type: 'end', position: end, data: { label: 'End' }, deletable: false },
  ];
  const edges = pipeline.edges.map((e) => ({ id: edgeId(e.source, e.target), source: e.source, target: e.target }));
  return { nodes, edges };
}

/** Node ids → what a canvas deletion means for the file: blocks (Start/End are never removed) and edges. */
export function flowDeletion(nodeIds: readonly string[], edges: readonly { source: string; target: string }[]): { blockIds: string[]; edges: { source: string; target: string }[] } {
  return { blockIds: nodeIds.filter((id) => id !== START_NODE && id !== END_NODE), edges: edges.map((e) => ({ source: e.source, target: e.target })) };
}

const SUMMARY_FIELDS = 2;
const TEXT_LIMIT = 30;

/** A few `key: value` lines: objects as `{N fields}`, arrays as `[N items]`, text cut at 30 characters. */
export function summarizeConfig(config: Record<string, unknown>, def: CatalogueBlock | undefined): string[] {
  const keys = Object.keys(config);
  const ordered = def ? [...keys.filter((k) => def.required.includes(k)), ...keys.filter((k) => !def.required.includes(k))] : keys;
  return ordered.slice(0, SUMMARY_FIELDS).map((k) => `${k}: ${summarizeValue(config[k])}`);
}

export function summarizeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).length} fields}`;
  const text = typeof value === 'string' ? value.replace(/\s+/g, ' ') : JSON.stringify(value);
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text;
}

/**
 * The next nodes, reusing the previous node object wherever nothing changed (same type, position and data): React
 * Flow and the memoized node components then skip those nodes, so an edit redraws only what it touched.
 */
export function reuseUnchanged<N extends { id: string; type?: string; position: XY; data: Record<string, unknown> }>(previous: readonly N[], next: readonly N[], fresh: (node: N) => N): N[] {
  const byId = new Map(previous.map((n) => [n.id, n]));
  return next.map((n) => {
    const old = byId.get(n.id);
    const same = old !== undefined && old.type === n.type && old.position.x === n.position.x && old.position.y === n.position.y && JSON.stringify(old.data) === JSON.stringify(n.data);
    return same ? old : fresh(n);
  });
}
