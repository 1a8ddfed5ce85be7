import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import type { EditorSnapshot } from '../../src/shared/editorProtocol';
import { Codicon, ProgressRing } from '../common/toolkit';
import { autoLayout } from './autoLayout';
import { Canvas, fitAfterNextRender } from './Canvas';
import { ConstraintsBar } from './ConstraintsBar';
import { ConfigPanel } from './ConfigPanel';
import { EditorActionsContext, type EditorActions } from './editorActions';
import { clearNotice, initialViewState, saveViewState, sendEdit, useEditorState } from './editorClient';
import { FixButton } from './FixButton';
import { Header } from './Header';
import { MalformedView } from './MalformedView';
import { Palette } from './Palette';
import { FIT_VIEW_OPTIONS } from './viewFit';

export function EditorApp() {
  return (
    <ReactFlowProvider>
      <EditorLayout />
    </ReactFlowProvider>
  );
}

function EditorLayout() {
  const { snapshot, catalogue, notice, selectRequest } = useEditorState();
  const flow = useReactFlow();
  const [constraintsOpen, setConstraintsOpen] = useState(false);
  const [configId, setConfigId] = useState<string | undefined>(initialViewState().configBlockId);
  const openConfig = (id: string | undefined) => {
    setConfigId(id);
    saveViewState({ configBlockId: id });
  };
  // Trace → source: the block's config opens (the canvas pans it into view and selects it).
  useEffect(() => {
    if (selectRequest) openConfig(selectRequest.blockId);
  }, [selectRequest]);
  const actions = useMemo<EditorActions>(
    () => ({
      openConfig: (id) => openConfig(id),
      duplicate: (id) => void sendEdit({ kind: 'duplicate', blockId: id }),
      remove: (id) => void sendEdit({ kind: 'remove', blockIds: [id], edges: [] }),
    }),
    [],
  );

  if (!snapshot) {
    return (
      <div className="dgf-loading">
        <ProgressRing /> Loading pipeline…
      </div>
    );
  }
  if (!snapshot.pipeline) return <MalformedView snapshot={snapshot} />;
  const pipeline = snapshot.pipeline;
  const drawable = snapshot as EditorSnapshot & { pipeline: typeof pipeline };
  const configBlock = pipeline.blocks.find((b) => b.id === configId);
  const definition = catalogue?.blocks.find((b) => b.type === configBlock?.type);
  const fatal = snapshot.problems.filter((p) => p.severity === 'error' && (p.code === 'unknown-block-type' || p.code === 'config-invalid' || p.code === 'json-duplicate-key'));

  const runAutoLayout = () => {
    const nodes = flow.getNodes().map((n) => ({ id: n.id, width: n.measured?.width ?? 220, height: n.measured?.height ?? 80 }));
    const positions = autoLayout(nodes, pipeline.edges);
    fitAfterNextRender();
    void sendEdit({ kind: 'move', positions: [...positions].map(([id, p]) => ({ id, ...p })) });
  };
  const addAtCenter = (type: string) => {
    const box = document.querySelector('.dgf-canvas')?.getBoundingClientRect();
    const p = flow.screenToFlowPosition({ x: (box?.left ?? 0) + (box?.width ?? 400) / 2, y: (box?.top ?? 0) + (box?.height ?? 300) / 2 });
    void sendEdit({ kind: 'addBlock', type, config: {}, position: { x: p.x - 110, y: p.y - 40 } });
  };

  return (
    <EditorActionsContext.Provider value={actions}>
      <div className="dgf-editor" data-testid="editor" data-version={snapshot.version}>
        <Header
          name={pipeline.name}
          constraintsOpen={constraintsOpen}
          onToggleConstraints={() => setConstraintsOpen(!constraintsOpen)}
          problems={snapshot.problems} trusted={catalogue?.trusted ?? false} onAutoLayout={runAutoLayout} onFitView={() => void flow.fitView({ ...FIT_VIEW_OPTIONS, duration: 200 })}
        />
        {constraintsOpen && <ConstraintsBar constraints={pipeline.constraints} />}
        {fatal.length > 0 && (
          <div className="dgf-banner error" data-testid="file-errors">
            <Codicon name="error" />
            <span>
              {fatal[0].line !== undefined && `Line ${fatal[0].line}, column ${fatal[0].column}: `}
              {fatal[0].message}
              {fatal.length > 1 && ` (and ${fatal.length - 1} more)`}
            </span>
            {fatal[0].fix && <FixButton fix={fatal[0].fix} />}
          </div>
        )}
        {notice && (
          <div className="dgf-banner warning" role="alert" data-testid="notice">
            <Codicon name="warning" />
            <span>{notice.message}</span>
            <button className="dgf-icon-button" aria-label="Dismiss" onClick={clearNotice}>
              <Codicon name="close" />
            </button>
          </div>
        )}
        <div className="dgf-body">
          <Palette blocks={catalogue?.blocks ?? []} onAdd={addAtCenter} />
          <Canvas snapshot={drawable} catalogue={catalogue} focusId={configBlock?.id} selectRequest={selectRequest} />
          {configBlock && (
            <ConfigPanel
              block={configBlock}
              definition={definition}
              catalogue={catalogue}
              available={snapshot.available[configBlock.id] ?? []}
              problems={snapshot.problems.filter((p) => p.blockId === configBlock.id)}
              onClose={() => openConfig(undefined)}
            />
          )}
        </div>
      </div>
    </EditorActionsContext.Provider>
  );
}
