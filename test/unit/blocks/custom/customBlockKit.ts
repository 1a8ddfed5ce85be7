import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BlockSpec } from '../../../../src/core/pipeline/pipelineTypes';
import type { ResultSink, UnitResult } from '../../../../src/core/records/unitResult';

export const FIXTURES = resolve(__dirname, '../../../fixtures/customBlocks');

/**
 * A fresh custom blocks folder (inside a fresh temporary folder) holding copies of the named fixtures, plus
 * `extra` files written from text (e.g. a syntax error, which cannot be a fixture: the linter parses fixtures).
 */
export async function blockFolder(fixtures: string[], extra: Record<string, string> = {}): Promise<string> {
  const folder = join(await mkdtemp(join(tmpdir(), 'dgf-custom-')), 'blocks');
  await mkdir(folder);
  for (const name of fixtures) await copyFile(join(FIXTURES, name), join(folder, name));
  for (const [name, text] of Object.entries(extra)) await writeFile(join(folder, name), text);
  return folder;
}

export function spec(id: string, type: string, config: Record<string, unknown> = {}): BlockSpec {
  return { id, type, config, position: { x: 0, y: 0 } };
}

export class MemorySink implements ResultSink {
  readonly results: UnitResult[] = [];
  async write(result: UnitResult): Promise<void> {
    this.results.push(result);
  }
}

/** A module whose execute returns `{ output: { version } }`: edits change the number. */
export function versionedBlock(version: number): string {
  return `module.exports = {
  type: 'Versioned', name: 'Versioned', description: 'v${version}', category: 'utilities', inputs: [], outputs: ['version'],
  configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
  async execute() { return { output: { version: ${version} } }; },
};
`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
