import type { BlockSpec, EdgeSpec, PipelineFile } from '../../../src/core/pipeline/pipelineTypes';

/** Test pipelines, built as objects and turned into text so each test states only what it is about. */
export function block(id: string, type: string, config: Record<string, unknown> = {}): BlockSpec {
  return { id, type, config, position: { x: 0, y: 0 } };
}

/** Edges Start → ids… → End. */
export function chain(...ids: string[]): EdgeSpec[] {
  const nodes = ['start', ...ids, 'end'];
  return nodes.slice(1).map((target, i) => ({ source: nodes[i], target }));
}

export function pipeline(blocks: BlockSpec[], edges: EdgeSpec[] = chain(...blocks.map((b) => b.id)), extra: Partial<PipelineFile> = {}): PipelineFile {
  return { version: 1, name: 'Test pipeline', blocks, edges, ...extra };
}

export function textOf(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * 1-based line and column of the `nth` occurrence of `needle`, found by plain search: an independent oracle for
 * the ranges the parser computes.
 */
export function positionOf(text: string, needle: string, nth = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth} times`);
  }
  return positionAt(text, at);
}

/** 1-based line and column of a string offset (texts here use `\n` only). */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
