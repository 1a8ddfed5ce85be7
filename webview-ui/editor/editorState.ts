// The pipeline editor's state, its actions and their transitions, in the same pattern as the Review app: a pure
// reducer (state + action → next state + effects) that a store runs (editorClient.ts). The canvas's own drag and
// selection state stays in React Flow; this holds what the host sends and what it answered.
import type { EditorCatalogue, EditorEdit, EditorFields, EditorPlan, EditorSeedFile, EditorSnapshot, EditorTryResults } from '../../src/shared/editorProtocol';
import type { Transition } from '../common/reducerStore';

export interface EditorState {
  snapshot?: EditorSnapshot;
  catalogue?: EditorCatalogue;
  /** The last refusal or failure of an edit, shown until the next edit goes through or it is dismissed. */
  notice?: { message: string; at: number };
  /** The host asked to select a block (trace → source); `at` tells one request from the next. */
  selectRequest?: { blockId: string; at: number };
  /** The pipeline's seed file, as the header's seed chooser shows it. */
  seedFile?: EditorSeedFile;
  /** The plan over the seed file, as the header shows it. */
  plan?: EditorPlan;
  /** The fields templates can read at each block (completion in prompt fields). */
  fields?: EditorFields;
  /** The pipeline's last try, shown on its nodes. */
  tryResults?: EditorTryResults;
}

export type EditorAction =
  | { type: 'snapshot'; snapshot: EditorSnapshot }
  | { type: 'catalogue'; catalogue: EditorCatalogue }
  /** A canvas action: sent to the host, which applies it to the document. */
  | { type: 'edit'; edit: EditorEdit }
  | { type: 'editApplied' }
  /** The host refused the edit (a connection that breaks the rules) or it failed; `at` tells one refusal from the next. */
  | { type: 'editRefused'; message: string; at: number }
  | { type: 'dismissNotice' }
  | { type: 'selectBlock'; blockId: string; at: number }
  | { type: 'seedFile'; seedFile: EditorSeedFile }
  | { type: 'plan'; plan: EditorPlan }
  | { type: 'fields'; fields: EditorFields }
  | { type: 'tryResults'; tryResults: EditorTryResults };

export type EditorEffect = { kind: 'edit'; edit: EditorEdit };

export function reduceEditor(state: EditorState, action: EditorAction): Transition<EditorState, EditorEffect> {
  const to = (next: EditorState, effects: EditorEffect[] = []) => ({ state: next, effects });
  switch (action.type) {
    case 'snapshot': {
      const shown = state.snapshot;
      const next = action.snapshot;
      // Snapshots are posted in document order; an older one arriving late is ignored (another file's never is).
      return to(!shown || next.version >= shown.version || next.fileName !== shown.fileName ? { ...state, snapshot: next } : state);
    }
    case 'catalogue':
      return to({ ...state, catalogue: action.catalogue });
    case 'edit':
      return to(state, [{ kind: 'edit', edit: action.edit }]);
    case 'editApplied':
      return to(state.notice ? { ...state, notice: undefined } : state);
    case 'editRefused':
      return to({ ...state, notice: { message: action.message, at: action.at } });
    case 'dismissNotice':
      return to(state.notice ? { ...state, notice: undefined } : state);
    case 'selectBlock':
      return to({ ...state, selectRequest: { blockId: action.blockId, at: action.at } });
    case 'seedFile':
      return to({ ...state, seedFile: action.seedFile });
    case 'plan':
      return to({ ...state, plan: action.plan });
    case 'tryResults':
      return to({ ...state, tryResults: action.tryResults });
    case 'fields':
      // Fields computed for an older document version than the ones shown arrived late: they are not newer.
      return to(state.fields && action.fields.version < state.fields.version ? state : { ...state, fields: action.fields });
  }
}
