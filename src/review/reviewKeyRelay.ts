// The review key commands never act on the host's side: the keybinding's `when` clause is only a first filter (its
// context key is set by the webview and can arrive after the keystroke). The command is handed to the webview, which
// knows at that moment whether the user is typing, and answers with what it did. Free of the VS Code API: the
// panel, the browser harness and the unit tests use this same relay.
import type { ReviewKeyCommand, ReviewKeyOutcome } from '../shared/reviewProtocol';

/** What a review key command came to: the webview's outcome, or why it never reached a webview. */
export type ReviewKeyResult = ReviewKeyOutcome | 'not-ready' | 'unanswered' | 'closed';

/** How long the host waits for the webview's answer before giving up on it (a webview reloading meanwhile). */
const ANSWER_TIMEOUT_MS = 10_000;

export class ReviewKeyRelay {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(result: ReviewKeyResult): void; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly emit: (payload: { id: number; command: ReviewKeyCommand }) => void,
    private readonly isReady: () => boolean,
    private readonly timeoutMs = ANSWER_TIMEOUT_MS,
  ) {}

  /**
   * Asks the webview to run the command; resolves with its outcome. A webview that is loading (or hidden) gets
   * nothing: a key held until it starts would act on a record the user has not seen yet.
   */
  run(command: ReviewKeyCommand): Promise<ReviewKeyResult> {
    if (!this.isReady()) return Promise.resolve('not-ready');
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, 'unanswered'), this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.emit({ id, command });
    });
  }

  /** The webview's `commandOutcome` (unknown or late ids are ignored). */
  settle(id: number, result: ReviewKeyResult): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  dispose(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, 'closed');
  }
}
