import { Handle, type NodeProps, Position, type Node } from '@xyflow/react';
import { memo } from 'react';
import { Codicon } from '../common/toolkit';
import type { TerminalNodeData } from './flowConversion';

function EndNodeView({ selected }: NodeProps<Node<TerminalNodeData, 'end'>>) {
  return (
    <div className={`dgf-terminal end${selected ? ' selected' : ''}`} data-testid="node-end" title="End: the record is stored here">
      <Handle type="target" position={Position.Top} />
      <Codicon name="pass-filled" />
      <span>End</span>
    </div>
  );
}

export const EndNode = memo(EndNodeView);
