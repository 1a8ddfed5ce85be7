import { Handle, type NodeProps, Position, type Node } from '@xyflow/react';
import { memo } from 'react';
import { Codicon } from '../common/toolkit';
import { useEditorActions } from './editorActions';
import { BlockTryResult } from './BlockTryResult';
import type { BlockNodeData } from './flowConversion';

const MAX_FIELDS = 5;

function BlockNodeView({ id, data, selected }: NodeProps<Node<BlockNodeData, 'block'>>) {
  const actions = useEditorActions();
  const shown = data.available.slice(0, MAX_FIELDS);
  return (
    <div className={`dgf-block${selected ? ' selected' : ''}${data.unknownType || data.errors.length ? ' has-error' : ''}`} data-testid={`block-${id}`}>
      <Handle type="target" position={Position.Top} />
      <div className="dgf-block-head">
        <Codicon name={data.isMultiplier ? 'split-horizontal' : 'symbol-event'} />
        <div className="dgf-block-title">
          <div className="dgf-block-name" title={data.label}>
            {data.label}
          </div>
          <div className="dgf-block-type muted">{data.typeName}</div>
        </div>
        <div className="dgf-block-buttons nodrag">
          <button className="dgf-icon-button" title="Configure" aria-label="Configure" data-testid="gear" onClick={() => actions.openConfig(id)}>
            <Codicon name="gear" />
          </button>
          <button className="dgf-icon-button" title="Duplicate" aria-label="Duplicate" onClick={() => actions.duplicate(id)}>
            <Codicon name="copy" />
          </button>
          <button className="dgf-icon-button" title="Delete" aria-label="Delete" onClick={() => actions.remove(id)}>
            <Codicon name="close" />
          </button>
        </div>
      </div>
      {(data.notConfigured || data.notConnected || data.unknownType) && (
        <div className="dgf-badges">
          {data.notConfigured && <span className="dgf-badge error">Not Configured</span>}
          {data.notConnected && <span className="dgf-badge warning">Not Connected</span>}
          {data.unknownType && <span className="dgf-badge error">Unknown type</span>}
        </div>
      )}
      {data.summary.length > 0 && (
        <div className="dgf-block-summary mono">
          {data.summary.map((s) => (
            <div key={s}>{s}</div>
          ))}
        </div>
      )}
      {data.errors.length > 0 && (
        <div className="dgf-block-errors error-text" title={data.errors.join('\n')}>
          <Codicon name="error" /> {data.errors.length === 1 ? '1 problem' : `${data.errors.length} problems`}
        </div>
      )}
      <div className="dgf-block-fields" title="Fields of the accumulated state available to this block">
        {shown.length === 0 ? (
          <span className="muted">no state fields yet</span>
        ) : (
          shown.map((f) => (
            <span key={f} className="dgf-field">
              {f}
            </span>
          ))
        )}
        {data.available.length > MAX_FIELDS && <span className="muted">+{data.available.length - MAX_FIELDS}</span>}
      </div>
      <BlockTryResult blockId={id} />
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

export const BlockNode = memo(BlockNodeView);
