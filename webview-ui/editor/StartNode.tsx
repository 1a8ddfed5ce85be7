import { Handle, type NodeProps, Position, type Node } from '@xyflow/react';
import { memo } from 'react';
import { Codicon } from '../common/toolkit';
import type { TerminalNodeData } from './flowConversion';

function StartNodeView({ selected }: NodeProps<Node<TerminalNodeData, 'start'>>) {
  return (
    <div className={`dgf-terminal start${selected ? ' selected' : ''}`} data-testid="node-start" title="Start: every record begins here">
      <Codicon name="debug-start" />
      <span>Start</span>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

export const StartNode = memo(StartNodeView);
