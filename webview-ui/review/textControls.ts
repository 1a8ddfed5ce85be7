// Where typed keys go: text controls, including the toolkit's, whose real <input>/<textarea> sits in a shadow root.

const TEXT_CONTROL_TAGS = new Set(['TEXTAREA', 'VSCODE-TEXT-AREA', 'VSCODE-TEXT-FIELD']);
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True when a key pressed with this element focused types into it. */
export function isTextControl(el: Element | null | undefined): boolean {
  if (!el) return false;
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  if (el.tagName === 'INPUT') return !NON_TEXT_INPUTS.has((el as HTMLInputElement).type);
  return TEXT_CONTROL_TAGS.has(el.tagName);
}

/** The focused element, looked for inside shadow roots (document.activeElement stops at their host). */
export function deepActiveElement(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** True when keys pressed now would type into a text control of the document. */
export function typingTarget(doc: Document): boolean {
  // The host element and the inner control both count: a custom element may keep its control in a closed root.
  for (let el = doc.activeElement; el; el = el.shadowRoot?.activeElement ?? null) if (isTextControl(el)) return true;
  return isTextControl(deepActiveElement(doc));
}
