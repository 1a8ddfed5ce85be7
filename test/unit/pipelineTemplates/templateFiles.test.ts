import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';

// The shipped templates are what a new user runs first: they must open on the canvas without a single squiggle,
// and saving them unchanged must not rewrite the file (a dirty diff right after "New from template").
const templatesDir = resolve(__dirname, '..', '..', '..', 'templates');
const seedFiles: Record<string, string> = {
  json_generation: 'json_generation.seeds.json',
  text_classification: 'text_classification.seeds.json',
};

describe('built-in template files', () => {
  for (const [id, seedFile] of Object.entries(seedFiles)) {
    describe(id, () => {
      const registry = createBlockRegistry();
      const text = readFileSync(resolve(templatesDir, `${id}.dgf.json`), 'utf8');

      it('parses with no problems', () => {
        const parsed = parsePipeline(text, registry);
        assert.deepEqual(parsed.problems, []);
        assert.ok(parsed.pipeline);
      });

      it('serializes back to the identical text', () => {
        const parsed = parsePipeline(text, registry);
        assert.ok(parsed.pipeline);
        assert.equal(serializePipeline(parsed.pipeline), text);
      });

      it(`has seeds in ${seedFile} that pass Verify Seeds`, () => {
        const parsed = parsePipeline(text, registry);
        assert.ok(parsed.pipeline);
        const seedText = readFileSync(resolve(templatesDir, seedFile), 'utf8');
        const seeds = checkSeedFile(seedText, basename(seedFile), parsed.pipeline, registry);
        assert.deepEqual(seeds.problems, []);
        assert.ok(seeds.seeds.length > 0);
      });

      it('is laid out top to bottom: Start, each block 150 below the last, End', () => {
        const parsed = parsePipeline(text, registry);
        assert.ok(parsed.pipeline);
        const { blocks, edges, layout } = parsed.pipeline;
        assert.deepEqual(layout, { start: { x: 0, y: 0 }, end: { x: 0, y: 150 * (blocks.length + 1) } });
        assert.deepEqual(blocks.map((b) => b.position), blocks.map((_, i) => ({ x: 0, y: 150 * (i + 1) })));
        const ids = ['start', ...blocks.map((b) => b.id), 'end'];
        assert.deepEqual(edges, ids.slice(1).map((target, i) => ({ source: ids[i], target })));
      });
    });
  }
});
