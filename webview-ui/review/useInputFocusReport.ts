import { useEffect } from 'react';
import { reviewClient } from './reviewClient';

const TEXT_INPUTS = new Set(['INPUT', 'TEXTAREA', 'VSCODE-TEXT-AREA', 'VSCODE-TEXT-FIELD']);

/** True when typing goes into a text control (the toolkit's controls keep their input in a shadow root). */
export function isTextInput(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  if (el.tagName === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
  return TEXT_INPUTS.has(el.tagName);
}

/**
 * Tells the host when focus enters or leaves a text field: it sets the `datagenflow.reviewInputFocused` context key,
 * so the review keybindings (A, R, …) stay off while the user types.
 */
export function useInputFocusReport(): void {
  useEffect(() => {
    let reported = false;
    const check = () => {
      const focused = isTextInput(document.activeElement);
      if (focused === reported) return;
      reported = focused;
      void reviewClient.request('inputFocus', { focused }).catch(() => undefined);
    };
    // focusout fires before the next element has focus: read activeElement once the move is over.
    const later = () => setTimeout(check, 0);
    document.addEventListener('focusin', check);
    document.addEventListener('focusout', later);
    window.addEventListener('blur', later);
    return () => {
      document.removeEventListener('focusin', check);
      document.removeEventListener('focusout', later);
      window.removeEventListener('blur', later);
    };
  }, []);
}
