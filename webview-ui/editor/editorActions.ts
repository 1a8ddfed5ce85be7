import { createContext, useContext } from 'react';

/** What a block node's buttons do; given through context so node data stays plain JSON. */
export interface EditorActions {
  openConfig(blockId: string): void;
  duplicate(blockId: string): void;
  remove(blockId: string): void;
}

export const EditorActionsContext = createContext<EditorActions>({ openConfig: () => undefined, duplicate: () => undefined, remove: () => undefined });

export function useEditorActions(): EditorActions {
  return useContext(EditorActionsContext);
}
