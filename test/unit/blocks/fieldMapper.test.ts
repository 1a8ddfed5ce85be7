import assert from 'node:assert/strict';
import { fieldMapper } from '../../../src/core/blocks/fieldMapper';
import { BlockExecutionError } from '../../../src/core/errors';
import { executeUnit } from '../../../src/core/run/executeUnit';
import { sharedRenderer } from '../helpers/sharedRenderer';
import { runBlock } from '../helpers/blockHarness';
import { ScriptedLlm } from '../helpers/scriptedLlm';

async function map(mappings: unknown, state: Record<string, unknown>) {
  const r = await runBlock(fieldMapper, { mappings }, state);
  assert.ok('output' in r);
  return r.output;
}

const PARSED = { parsed_json: { qa: { q: 'What is "JSON"?', n: 3, tags: ['a', 'b'] } } };

describe('FieldMapper', () => {
  it('declares the reference config', () => {
    const mappings = fieldMapper.configSchema.properties.mappings;
    assert.equal(fieldMapper.name, 'Field Mapper');
    assert.equal(fieldMapper.category, 'utilities');
    assert.deepEqual([fieldMapper.inputs, fieldMapper.outputs], [['*'], ['*']]);
    assert.equal(mappings.default, '{}');
    assert.equal(mappings.format, 'json-or-template');
  });

  it('renders each mapping against the state', async () => {
    assert.deepEqual(await map({ question: '{{ parsed_json.qa.q }}', label: 'Q: {{ parsed_json.qa.q }}' }, PARSED), {
      question: 'What is "JSON"?',
      label: 'Q: What is "JSON"?',
    });
  });

  it('stores results that parse as JSON parsed, anything else as the string', async () => {
    const out = await map(
      { n: '{{ parsed_json.qa.n }}', tags: '{{ parsed_json.qa.tags | tojson }}', qa: '{{ parsed_json.qa | tojson }}', yes: 'true', none: 'null', code: '007', text: 'plain' },
      PARSED,
    );
    assert.deepEqual(out, { n: 3, tags: ['a', 'b'], qa: PARSED.parsed_json.qa, yes: true, none: null, code: '007', text: 'plain' });
  });

  it('takes mappings as a JSON string without rendering it as a whole (quotes in values stay intact)', async () => {
    assert.deepEqual(await map('{"question": "{{ parsed_json.qa.q }}"}', PARSED), { question: 'What is "JSON"?' });
  });

  it('takes mappings as a template that renders to a JSON object', async () => {
    const state = { ...PARSED, mapping_spec: { question: '{{ parsed_json.qa.q }}' } };
    assert.deepEqual(await map('{{ mapping_spec | tojson }}', state), { question: 'What is "JSON"?' });
  });

  it('empty mappings give an empty result', async () => {
    assert.deepEqual(await map({}, PARSED), {});
    assert.deepEqual(await map('{}', PARSED), {});
    assert.deepEqual(await map('', PARSED), {});
    const r = await runBlock(fieldMapper, {}, PARSED);
    assert.ok('output' in r);
    assert.deepEqual(r.output, {});
  });

  it('a failing field becomes "" and its error, naming the field, goes to _field_errors; the others still map', async () => {
    const out = await map({ ok: '{{ parsed_json.qa.n }}', missing: '{{ nowhere }}', deep: '{{ parsed_json.qa.x.y }}' }, PARSED);
    assert.equal(out.ok, 3);
    assert.equal(out.missing, '');
    assert.equal(out.deep, '');
    const errors = out._field_errors as string[];
    assert.equal(errors.length, 2);
    assert.match(errors[0], /^Field 'missing' was set to "" because its template failed: .*undefined variable 'nowhere'/);
    assert.match(errors[1], /^Field 'deep' was set to "" because its template failed: .*parsed_json\.qa\.x/);
  });

  it('writes no _field_errors when every field renders', async () => {
    assert.ok(!('_field_errors' in (await map({ q: '{{ parsed_json.qa.q }}' }, PARSED))));
  });

  it('the field errors reach the trace of a unit that still succeeds', async () => {
    const env = { jobId: 'j', llm: new ScriptedLlm(), renderer: sharedRenderer, signal: new AbortController().signal, secrets: async () => undefined, pipelineName: 'p' };
    const spec = { id: 'map', type: 'FieldMapper', config: { mappings: { a: '{{ x }}', b: '{{ gone }}' } }, position: { x: 0, y: 0 } };
    let clock = 0;
    const result = await executeUnit({ key: 's0.r0', seedIndex: 0, metadata: { x: 'value' } }, [{ spec, definition: fieldMapper }], env, () => {}, () => clock++);
    assert.equal(result.status, 'succeeded');
    assert.equal(result.output?.a, 'value');
    assert.equal(result.output?.b, '');
    const traced = result.trace[0].output?._field_errors as string[];
    assert.equal(traced.length, 1);
    assert.match(traced[0], /Field 'b'.*undefined variable 'gone'/);
  });

  it('rejects mappings that are not an object of template strings, or not JSON after rendering', async () => {
    const rejects = (mappings: unknown, state: Record<string, unknown>, message: RegExp) =>
      assert.rejects(runBlock(fieldMapper, { mappings }, state), (e: unknown) => {
        assert.ok(e instanceof BlockExecutionError);
        assert.match(e.message, message);
        return true;
      });
    await rejects('["a"]', {}, /mappings must be a JSON object/);
    await rejects({ a: 1 }, {}, /not a string: a/);
    await rejects('{{ spec }}', { spec: 'not json' }, /mappings must be valid JSON \(after rendering\)/);
  });

  // The original's RAGAS template maps `contexts | default([]) | tojson`: without the field it maps [].
  it('requires the variables of every mapping template (not those read with a default)', async () => {
    assert.deepEqual(fieldMapper.requiredFields({ mappings: { q: '{{ parsed_json.qa.q }}', c: "{{ ctx | default([]) | tojson }}", k: 'constant' } }), ['parsed_json']);
    const mapped = await runBlock(fieldMapper, { mappings: { c: '{{ ctx | default([]) | tojson }}' } }, {});
    assert.deepEqual('output' in mapped && mapped.output, { c: [] });
    assert.deepEqual(fieldMapper.requiredFields({ mappings: '{"q": "{{ generated.question }}"}' }), ['generated']);
    assert.deepEqual(fieldMapper.requiredFields({ mappings: '{{ mapping_spec | tojson }}' }), ['mapping_spec']);
    assert.deepEqual(fieldMapper.requiredFields({ mappings: '{}' }), []);
    assert.deepEqual(fieldMapper.requiredFields({}), []);
    // A broken template is reported by the pipeline check (which calls requiredFields), before anything runs.
    assert.throws(() => fieldMapper.requiredFields({ mappings: { broken: '{{ unclosed' } }));
  });
});
