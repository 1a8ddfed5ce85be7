/**
 * Seams for the integration tests (exported through the test API only): answer Generate's cost confirmation
 * without a modal, and see the finished notification's text. Unset in normal use.
 */
export interface GenerateDialogs {
  /** Answers the confirmation instead of the modal: true = Run. */
  confirmCost?: (message: string, detail: string) => boolean;
  /** Called with the text of each finished notification. */
  finished?: (text: string) => void;
}

export const generateDialogs: GenerateDialogs = {};
