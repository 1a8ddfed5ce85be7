// Decides, in the webview, whether a review key command may act. The keybindings' `when` clause reads a context key
// this webview sets, and that update can arrive after the keystroke: then the command reaches the webview although
// the key was typed into a field. The webview knows synchronously where focus is and which forms are open.
import { typingTarget } from './textControls';

/** Why a key command must not act: a text field has focus (or had it a moment ago), or a form or dialog is open. */
export type ReviewKeyBlock = 'typing' | 'form';

/** The panel's parts that turn the keys off while shown. */
export type ReviewForm = 'edit' | 'layout' | 'export';

export class ReviewKeyGuard {
  private readonly forms = new Set<ReviewForm>();
  /** What the host was last told (undefined: nothing yet; its context key may be stale from an earlier page). */
  private sent: boolean | undefined;
  private sentSeq = 0;
  private settledSeq = 0;

  constructor(
    private readonly doc: Document,
    /** Tells the host (its context key); resolves once the host has set it. */
    private readonly report: (off: boolean) => Promise<unknown>,
  ) {}

  /** A form or dialog opened or closed: turning the keys off takes effect at once, before the next event. */
  setForm(form: ReviewForm, open: boolean): void {
    if (open === this.forms.has(form)) return;
    if (open) this.forms.add(form);
    else this.forms.delete(form);
    this.update();
  }

  /** The open form or dialog, if any. */
  openForm(): ReviewForm | undefined {
    return this.forms.values().next().value;
  }

  /** True when keys pressed now type into a text control of the panel. */
  typing(): boolean {
    return typingTarget(this.doc);
  }

  /** Focus moved or a form opened or closed: tell the host when the keys go off or come back on. */
  update(): void {
    const off = this.forms.size > 0 || this.typing();
    if (off === this.sent) return;
    this.sent = off;
    const seq = ++this.sentSeq;
    const settle = () => {
      this.settledSeq = Math.max(this.settledSeq, seq);
    };
    this.report(off).then(settle, settle);
  }

  /**
   * Why a key command arriving now must not act, or undefined when it may. After focus leaves a text field the keys
   * stay off until the host has confirmed its context key: a command that reaches the webview before that
   * confirmation may come from a key typed into the field (the host sends the command before its answer).
   */
  blockReason(): ReviewKeyBlock | undefined {
    if (this.forms.size > 0) return 'form';
    if (this.typing()) return 'typing';
    if (this.settledSeq < this.sentSeq) return 'typing';
    return undefined;
  }
}
