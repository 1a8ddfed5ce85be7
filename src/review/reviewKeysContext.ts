import * as vscode from 'vscode';

/** The context key the review keybindings' `when` clauses read: true while the panel's keys are off (typing, a form). */
export const INPUT_FOCUSED_KEY = 'datagenflow.reviewInputFocused';

/** Turns the review keys off (a text field or form of the panel has focus) or on again. */
export function setKeysOff(off: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', INPUT_FOCUSED_KEY, off);
}
