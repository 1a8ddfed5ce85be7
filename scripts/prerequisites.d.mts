// Types of scripts/prerequisites.mjs for the TypeScript tests that import it.
export interface Tool {
  command: string;
  pkg: string;
  for: 'browser' | 'code-server';
  why: string;
}
export interface PrerequisiteFacts {
  purpose: 'test' | 'start';
  has: (command: string) => boolean;
  codeServerInstalled: boolean;
  desktopCode: boolean;
  canInstall: 'root' | 'sudo' | false;
  debianLike: boolean;
}
export interface PrerequisitePlan {
  missing: Tool[];
  packages: string[];
  action: 'none' | 'install' | 'stop';
  command?: string;
  message: string;
}
export const MISSING_PREREQUISITES_EXIT: number;
export const TOOLS: Tool[];
export function findCommand(command: string, path: string | undefined): string | undefined;
export function planPrerequisites(facts: PrerequisiteFacts): PrerequisitePlan;
export function ensurePrerequisites(purpose: 'test' | 'start', options?: { install?: boolean }): number;
