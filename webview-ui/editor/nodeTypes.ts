import type { NodeTypes } from '@xyflow/react';
import { BlockNode } from './BlockNode';
import { EndNode } from './EndNode';
import { StartNode } from './StartNode';

/** Defined once at module scope: a new object per render would remount every node. */
export const nodeTypes: NodeTypes = { block: BlockNode, start: StartNode, end: EndNode };
