import type * as vscode from 'vscode';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  debug(message: string): void;
}

/** Writes to the DataGenFlow output channel with every known secret removed from the text. */
export function createLogger(channel: vscode.LogOutputChannel, secrets: () => string[]): Logger {
  const clean = (text: string) => {
    let out = text;
    for (const s of secrets()) if (s.length >= 4) out = out.split(s).join('***');
    return out;
  };
  return {
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    error: (m, e) => channel.error(clean(e === undefined ? m : `${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)),
  };
}
