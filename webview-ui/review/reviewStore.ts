// The Review app's one store: the reducer's state held outside React, its effects run against the host, the host's
// events fed in as actions, the view state kept with setState, and the review key commands answered.
import type { ReviewBoot, ReviewKeyCommand, ReviewKeyOutcome, ReviewViewState } from '../../src/shared/reviewProtocol';
import { createReducerStore } from '../common/reducerStore';
import { useStoreState } from '../common/useStoreState';
import { readBoot, readViewState, writeViewState } from '../common/vscodeApi';
import { reviewClient as client } from './reviewClient';
import { createReviewEffects } from './reviewEffects';
import type { ReviewKeyBlock } from './reviewKeyGuard';
import { reduceReview } from './reviewReducer';
import { initialReviewState, initialView, keyAction, waitsWhileBusy, type ReviewAction, type ReviewState } from './reviewState';
import { reviewKeyGuard as keyGuard } from './useReviewKeyGuard';

export const reviewStore = createReducerStore(
  reduceReview,
  initialReviewState(initialView(readBoot<ReviewBoot>(), readViewState<ReviewViewState>())),
  // The edit form's keys go off before it renders: a key command may arrive in between.
  createReviewEffects(client, () => keyGuard.setForm('edit', true)),
);

export function dispatch(action: ReviewAction): void {
  void reviewStore.dispatch(action);
}

export function useReviewState(): ReviewState {
  return useStoreState(reviewStore);
}

/** Listens to the host, says ready, and asks for the jobs and the job on screen. Call once, at load. */
export function startReview(): void {
  let saved: ReviewViewState | undefined;
  const persist = () => {
    const { view } = reviewStore.getState();
    if (view !== saved) writeViewState((saved = view));
  };
  reviewStore.subscribe(persist);
  persist();
  client.on('jobsChanged', ({ jobs }) => dispatch({ type: 'jobsChanged', jobs }));
  client.on('showJob', ({ jobId }) => dispatch({ type: 'showJob', jobId }));
  client.on('jobChanged', (e) => dispatch({ type: 'jobChanged', ...e }));
  client.on('command', ({ id, command }) => {
    void runKeyCommand(command).then(
      (outcome) => client.request('commandOutcome', { id, outcome }),
      () => undefined,
    );
  });
  client.ready();
  dispatch({ type: 'start' });
}

/** Runs a review key command unless the user is typing or a form is open; resolves with what it did once done. */
async function runKeyCommand(command: ReviewKeyCommand): Promise<ReviewKeyOutcome> {
  const block = keyGuard.blockReason();
  if (block) {
    explainBlocked(command, block);
    return block;
  }
  if (reviewStore.getState().busy && waitsWhileBusy(command)) return 'busy';
  await reviewStore.dispatch(keyAction(command));
  return 'ran';
}

/**
 * A review key that must not act. Typed into a field, it stays silent (the letter is in the field); Ctrl+Z there is
 * the field's own undo, which VS Code took from the webview (its webviews block the browser's undo and send it back
 * only when no keybinding claims the key). Otherwise the panel says why nothing happened.
 */
function explainBlocked(command: ReviewKeyCommand, block: ReviewKeyBlock): void {
  const typing = keyGuard.typing();
  // execCommand is deprecated but it is what VS Code itself sends its webviews for Edit > Undo.
  if (command === 'undo' && typing) document.execCommand('undo');
  if (typing && document.hasFocus()) return;
  if (block === 'form') {
    const text = keyGuard.openForm() === 'layout' ? 'The review keys are off while the field layout dialog is open: save or cancel it first.' : 'The review keys are off while the edit form is open: Ctrl+Enter saves, Escape cancels.';
    dispatch({ type: 'say', text });
  } else if (typing) {
    dispatch({ type: 'say', text: 'The review keys are off while a text field of the panel has focus: click outside it first.' });
  }
}
