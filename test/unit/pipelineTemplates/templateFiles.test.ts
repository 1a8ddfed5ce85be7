import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';

// The shipped templates are what a new user runs first: they must open on the canvas without a single squiggle,
// and saving them unchanged must not rewrite the file (a dirty diff right after "New from template").
const templatesDir = resolve(__dirname, '..', '..', '..', 'templates');
const pipelineFiles = readdirSync(templatesDir)
  .filter((f) => f.endsWith('.dgf.json'))
  .sort();

describe('built-in templates', () => {
  it('exist', () => {
    assert.deepEqual(pipelineFiles, ['json_generation.dgf.json', 'text_classification.dgf.json']);
  });

  for (const file of pipelineFiles) {
    describe(file, () => {
      const registry = createBlockRegistry();
      const text = readFileSync(join(templatesDir, file), 'utf8');
      const seedFile = file.replace(/\.dgf\.json$/, '.seeds.json');

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
        const seedText = readFileSync(join(templatesDir, seedFile), 'utf8');
        const seeds = checkSeedFile(seedText, seedFile, parsed.pipeline, registry);
        assert.deepEqual(seeds.problems, []);
        assert.ok(seeds.seeds.length > 0);
      });
    });
  }
});
