import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type Node,
  type NodeChange,
  type OnSelectionChangeParams,
  ReactFlow,
  useReactFlow,
  type Viewport,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EditorCatalogue, EditorSnapshot } from '../../src/shared/editorProtocol';
import { useColorMode } from './colorMode';
import { initialViewState, reportRendered, saveViewState, sendEdit } from './editorClient';
import { flowDeletion, pipelineToFlow, reuseUnchanged } from './flowConversion';
import { nodeTypes } from './nodeTypes';
import { PALETTE_MIME } from './Palette';
import { FIT_VIEW_OPTIONS, MINIMAP_SIZE, panIntoView } from './viewFit';

interface CanvasProps {
  snapshot: EditorSnapshot & { pipeline: NonNullable<EditorSnapshot['pipeline']> };
  catalogue: EditorCatalogue | undefined;
  /** The block whose config panel is open: kept in view as the panel narrows the canvas. */
  focusId?: string;
  /** The host asked to select this block (trace → source). */
  selectRequest?: { blockId: string; at: number };
}

const DELETE_KEYS = ['Delete', 'Backspace'];

let fitPending = false;

/** Fit the view once the next snapshot is drawn (after auto-layout moved every node). */
export function fitAfterNextRender(): void {
  fitPending = true;
}

/** The React Flow canvas: drawn from the snapshot; drags stay local until they end, then become one `move` edit. */
export function Canvas({ snapshot, catalogue, focusId, selectRequest }: CanvasProps) {
  const flow = useReactFlow();
  const colorMode = useColorMode();
  const view = useRef(initialViewState());
  const derived = useMemo(() => pipelineToFlow(snapshot.pipeline, catalogue, snapshot.available, snapshot.problems), [snapshot, catalogue]);
  const [nodes, setNodes] = useState<Node[]>(() => withSelection(derived.nodes, new Set(view.current.selected ?? [])));
  const selected = useRef(new Set(view.current.selected ?? []));

  // Every snapshot redraws the nodes; selection is the canvas' own and survives.
  const drawnVersion = useRef<{ version: number; nodes: number } | undefined>({ version: snapshot.version, nodes: derived.nodes.length });
  useEffect(() => {
    setNodes((previous) => reuseUnchanged<Node>(previous, derived.nodes, (n) => ({ ...n, selected: selected.current.has(n.id) })));
    drawnVersion.current = { version: snapshot.version, nodes: derived.nodes.length };
  }, [derived, snapshot.version]);

  // Once the nodes of a snapshot are committed: tell a test host and fit the view if asked to.
  useEffect(() => {
    const drawn = drawnVersion.current;
    if (drawn) {
      drawnVersion.current = undefined;
      reportRendered(drawn);
    }
    if (!fitPending) return;
    fitPending = false;
    requestAnimationFrame(() => void flow.fitView({ ...FIT_VIEW_OPTIONS, duration: 200 }));
  }, [nodes, flow]);

  // The config panel opened (or moved to another block): once the canvas has its new width, pan the block into it.
  const canvasRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focusId) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const canvas = canvasRef.current;
        const node = canvas?.querySelector(`.react-flow__node[data-id="${CSS.escape(focusId)}"]`);
        if (!canvas || !node) return;
        const minimap = canvas.querySelector('.react-flow__minimap');
        const { dx, dy } = panIntoView(node.getBoundingClientRect(), canvas.getBoundingClientRect(), minimap ? [minimap.getBoundingClientRect()] : []);
        if (Math.abs(dx) < 1 && Math.abs(dy) < 1) return;
        const { x, y, zoom } = flow.getViewport();
        void flow.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 200 }).then(() => saveViewState({ viewport: flow.getViewport() }));
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [focusId, flow]);

  const [edges, setEdges] = useState<Edge[]>(() => derived.edges);
  useEffect(() => {
    setEdges((previous) => {
      const byId = new Map(previous.map((e) => [e.id, e]));
      return derived.edges.map((e) => byId.get(e.id) ?? { ...e, selected: selected.current.has(e.id) });
    });
  }, [derived]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es)), []);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // Removals go through onDelete (as an edit); everything else (drag, select, measure) is local view state.
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
  }, []);

  useEffect(() => {
    if (!selectRequest) return;
    selected.current = new Set([selectRequest.blockId]);
    saveViewState({ selected: [selectRequest.blockId] });
    setNodes((ns) => ns.map((n) => (n.selected === (n.id === selectRequest.blockId) ? n : { ...n, selected: n.id === selectRequest.blockId })));
  }, [selectRequest]);

  const onSelectionChange = useCallback(({ nodes: n, edges: e }: OnSelectionChangeParams) => {
    selected.current = new Set([...n.map((x) => x.id), ...e.map((x) => x.id)]);
    saveViewState({ selected: [...selected.current] });
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      void sendEdit({ kind: 'addBlock', type, config: {}, position: { x: position.x - 110, y: position.y - 30 } });
    },
    [flow],
  );

  const saved = view.current.viewport;
  return (
    <div ref={canvasRef} className="dgf-canvas" data-testid="canvas" onDragOver={(e) => e.dataTransfer.types.includes(PALETTE_MIME) && (e.preventDefault(), (e.dataTransfer.dropEffect = 'copy'))} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={colorMode}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onNodeDragStop={(_e, _node, dragged) => void sendEdit({ kind: 'move', positions: dragged.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y })) })}
        onConnect={(c) => void sendEdit({ kind: 'connect', source: c.source, target: c.target })}
        isValidConnection={(c) => c.source !== c.target}
        onDelete={({ nodes: n, edges: e }) => {
          const what = flowDeletion(
            n.map((x) => x.id),
            e,
          );
          if (what.blockIds.length || what.edges.length) void sendEdit({ kind: 'remove', ...what });
        }}
        deleteKeyCode={DELETE_KEYS}
        onMoveEnd={(_e, vp: Viewport) => saveViewState({ viewport: vp })}
        defaultViewport={saved}
        fitView={!saved}
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Minimap of the pipeline" style={MINIMAP_SIZE} />
      </ReactFlow>
    </div>
  );
}

function withSelection(nodes: ReturnType<typeof pipelineToFlow>['nodes'], selected: ReadonlySet<string>): Node[] {
  return nodes.map((n) => ({ ...n, selected: selected.has(n.id) }));
}
