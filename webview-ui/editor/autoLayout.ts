import { Graph, layout } from '@dagrejs/dagre';
import type { XY } from '../../src/shared/editorProtocol';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

/** Top-to-bottom positions (top-left corners, as React Flow places nodes) from dagre. */
export function autoLayout(nodes: readonly LayoutNode[], edges: readonly { source: string; target: string }[]): Map<string, XY> {
  const g = new Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 60, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  layout(g);
  const out = new Map<string, XY>();
  for (const n of nodes) {
    const p = g.node(n.id);
    out.set(n.id, { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) });
  }
  return out;
}
