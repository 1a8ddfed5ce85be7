import type { Page } from 'playwright-core';
import type { Shots } from './shots';

/** What every scenario gets: one workbench page on the e2e workspace, shared by the scenarios in order. */
export interface E2eContext {
  page: Page;
  /** The workspace folder on disk (code-server runs on this machine, so its files can be checked directly). */
  workspace: string;
  shots: Shots;
  log: (line: string) => void;
}

export interface Scenario {
  /** Prefix of its screenshots, e.g. "a-generate". */
  id: string;
  title: string;
  run: (ctx: E2eContext) => Promise<void>;
}

/** A failed expectation: the runner reports the message and keeps a screenshot of the window. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function checkMatch(text: string, pattern: RegExp, what: string): RegExpMatchArray {
  const match = text.match(pattern);
  if (!match) throw new Error(`${what}: expected ${pattern} in "${text}"`);
  return match;
}
