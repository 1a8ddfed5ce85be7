import assert from 'node:assert/strict';
import { seedLensTargets } from '../../../src/core/try/seedLensTargets';

describe('seedLensTargets', () => {
  it('puts a lens on the first line of each usable seed object of a JSON seed file, by its index in the parsed list', () => {
    const text = '[\n  {"repetitions": 2, "metadata": {"a": 1}},\n  {\n    "metadata": {"a": 2}\n  }\n]\n';
    assert.deepEqual(seedLensTargets(text, 'seeds.json'), [
      { line: 1, seedIndex: 0 },
      { line: 2, seedIndex: 1 },
    ]);
  });

  it('finds nothing in JSON that is not a seed file', () => {
    assert.deepEqual(seedLensTargets('{"name": "package", "version": "1.0.0"}', 'package.json'), []);
    assert.deepEqual(seedLensTargets('not json', 'broken.json'), []);
  });

  it('puts a lens on each heading of a Markdown seed, not on # lines inside fenced code', () => {
    const text = '# Intro\ntext\n```bash\n# a comment\n```\n## Details\n~~~\n# no\n~~~\n#not a heading\n';
    assert.deepEqual(seedLensTargets(text, 'doc.md'), [
      { line: 0, seedIndex: 0, heading: '# Intro' },
      { line: 5, seedIndex: 0, heading: '## Details' },
    ]);
  });
});
