import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { block, pipeline, positionOf, textOf } from './pipelineBuilders';
import { assertStartsAt } from './problemAssertions';

// Templates that are sure to fail whatever the data are pipeline errors (verify, the Problems panel, the canvas),
// at the config field, naming the block and the field. The old validation only parsed templates: all of these
// passed it and failed (or hung, or crashed the run) at run time.
const registry = createBlockRegistry();
const problemsOf = (config: Record<string, unknown>, type = 'TextGenerator', options = {}) => {
  const text = textOf(pipeline([block('gen', type, config)]));
  return { text, problems: parsePipeline(text, registry, options).problems.filter((p) => p.code === 'template-sure-to-fail') };
};

describe('templates sure to fail', () => {
  it('flags a literal range over the item cap at the field, naming block and field', () => {
    const { text, problems } = problemsOf({ user_prompt: 'Go {% for i in range(100000000) %}x{% endfor %}' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.equal(problems[0].blockId, 'gen');
    assert.deepEqual(problems[0].path, ['blocks', 0, 'config', 'user_prompt']);
    assert.equal(
      problems[0].message,
      `Block "gen" (TextGenerator), config "user_prompt": range(100000000) (line 1, column 21) would build 100,000,000 items; a template's range() may build at most 100,000.`,
    );
    assertStartsAt(problems[0], positionOf(text, '"Go {%'));
  });

  it('flags nested literal loops too long for the time budget, or writing more than the output budget', () => {
    const slow = problemsOf({ system_prompt: '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}' }).problems;
    assert.match(slow[0].message, /config "system_prompt": the loop \(line 1, column 32\) runs 10,000,000,000 times \(with the loops around it\), more than any render finishes in the 2000 ms time budget/);
    const big = problemsOf({ user_prompt: '{% for i in range(1000) %}{% for j in range(1000) %}xx{% endfor %}{% endfor %}' }).problems;
    assert.match(big[0].message, /writes at least 1\.9 MB \(1,000,000 times 2 characters\), over the 1 MB output budget/);
    // With the budget raised (the setting), the same template is fine.
    assert.deepEqual(problemsOf({ user_prompt: '{% for i in range(1000) %}{% for j in range(1000) %}xx{% endfor %}{% endfor %}' }, 'TextGenerator', { renderLimits: { maxBytes: 4_000_000 } }).problems, []);
  });

  it('flags center/indent wider than the output budget, import/include/extends and exponent numbers; not templates that may work', () => {
    assert.match(problemsOf({ user_prompt: '{{ topic | center(2000000) }}' }).problems[0].message, /center\(2000000\) \(line 1, column 12\) builds 1\.9 MB of text, over the 1 MB output budget/);
    assert.match(problemsOf({ user_prompt: '{% include "header.txt" %}{{ topic }}' }).problems[0].message, /\{% include %\} is not supported/);
    assert.match(problemsOf({ user_prompt: '{{ range(0, 1e9) | length }}' }).problems[0].message, /the number '1e9' .* write 1000000000\./);
    const mapper = problemsOf({ mappings: { ok: '{{ topic }}', bad: '{% for i in range(0, 200000) %}{% endfor %}' } }, 'FieldMapper').problems;
    assert.deepEqual(mapper.map((p) => p.path), [['blocks', 0, 'config', 'mappings', 'bad']]);
    assert.match(mapper[0].message, /^Block "gen" \(FieldMapper\), config "mappings\.bad": range\(0, 200000\)/);
    for (const fine of ['{% for i in range(n) %}x{% endfor %}', '{% for i in range(1000) %}{{ i }}{% endfor %}', '{{ topic | indent(2000000) }}', 'plain text']) {
      assert.deepEqual(problemsOf({ user_prompt: fine }).problems, [], fine);
    }
  });
});
