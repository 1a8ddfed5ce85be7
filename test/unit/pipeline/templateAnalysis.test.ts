import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { templateAtOffset } from '../../../src/core/pipeline/pipelineTemplates';
import { analyzePipelineTemplates, type TemplateAnalysis } from '../../../src/core/pipeline/templateAnalysis';
import { templateCompletionAt, templateVariableAt } from '../../../src/core/pipeline/templateCursor';
import { undefinedVariableProblems } from '../../../src/core/pipeline/undefinedVariableProblems';
import type { SeedFieldNames } from '../../../src/core/seeds/seedFieldNames';
import { block, chain, pipeline, positionAt, textOf } from './pipelineBuilders';

const registry = createBlockRegistry();
const seeds: SeedFieldNames = { ok: true, fileName: 'topics.json', fields: ['topic', 'audience'], seeds: 2 };

// The answer's prompt spans lines, quotes and a \u escape, so every position inside it differs from its value index.
const answerPrompt = 'Audience: "{{ audience }}"\nQuestion:\t{{ asistant }}\n\u00e9 {{ maybe | default("none") }}{% if extra is defined %}{{ extra }}{% endif %}';
const text = textOf(
  pipeline(
    [
      block('question', 'TextGenerator', { system_prompt: 'You teach.', user_prompt: 'Ask about {{ topic }}.' }),
      block('answer', 'TextGenerator', { user_prompt: answerPrompt }),
      block('map', 'FieldMapper', { mappings: { q: '{{ user }}', a: '{{ assistant | upper }}' } }),
      block('after', 'TextGenerator', { user_prompt: '{{ q }} {{ nowhere }}' }),
    ],
    chain('question', 'answer', 'map', 'after'),
  ),
).replace('é', '\\u00e9');

/** Document offset just after the `nth` occurrence of `needle`. */
function after(needle: string, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  return at + needle.length;
}

function variables(analysis: TemplateAnalysis, blockId: string): string[] {
  return analysis.templates.filter((t) => t.block.id === blockId).flatMap((t) => t.variables.map((v) => `${v.name}:${v.status}`));
}

describe('analyzePipelineTemplates', () => {
  const analysis = analyzePipelineTemplates(text, registry, seeds);

  it('says which block and config field a document offset is in', () => {
    assert.ok(text.includes('\\u00e9') && text.includes('\\n') && text.includes('\\"'), 'the template is written with escapes');
    const inAnswer = templateAtOffset(analysis.templates, after('Question:'));
    assert.deepEqual([inAnswer?.block.id, inAnswer?.field], ['answer', ['user_prompt']]);
    const inMapping = templateAtOffset(analysis.templates, after('"a": "{{ '));
    assert.deepEqual([inMapping?.block.id, inMapping?.field], ['map', ['mappings', 'a']]);
    assert.equal(templateAtOffset(analysis.templates, after('"id": "')), undefined, 'a block id is not a template');
    assert.equal(templateAtOffset(analysis.templates, text.indexOf('"Ask about')), undefined, 'the opening quote is outside');
  });

  it('lists the fields available at each block with their origin: the seed file, then earlier blocks in run order', () => {
    const at = analysis.fieldsAt.get('answer');
    assert.equal(at?.complete, true);
    assert.deepEqual(
      at?.fields.map((f) => `${f.name}<${f.origin.kind === 'block' ? f.origin.blockId : 'seed'}`),
      ['topic<seed', 'audience<seed', 'assistant<question', 'system<question', 'user<question'],
    );
    // A field written again keeps its place and names the later block.
    assert.deepEqual(
      analysis.fieldsAt.get('map')?.fields.map((f) => `${f.name}<${f.origin.kind === 'block' ? f.origin.blockId : 'seed'}`),
      ['topic<seed', 'audience<seed', 'assistant<answer', 'system<answer', 'user<answer'],
    );
    assert.equal(analysis.fieldsAt.get('after')?.complete, false, 'FieldMapper writes fields it cannot name');
    assert.deepEqual(analysis.seedFields, { kind: 'file', fileName: 'topics.json' });
  });

  it('ranges each variable exactly in the document, through the JSON escapes', () => {
    const answer = analysis.templates.find((t) => t.block.id === 'answer');
    assert.ok(answer);
    assert.deepEqual(
      answer.variables.map((v) => [v.name, text.slice(v.offset, v.offset + v.length)]),
      ['audience', 'asistant', 'maybe', 'extra', 'extra'].map((n) => [n, n]),
    );
    for (const v of answer.variables) {
      const start = positionAt(text, v.offset);
      assert.deepEqual(v.range, { line: start.line, column: start.column, endLine: start.line, endColumn: start.column + v.name.length });
    }
  });

  it('classifies reads: fields, fallbacks (default, is defined), undefined, and unknown after dynamic outputs', () => {
    assert.deepEqual(variables(analysis, 'question'), ['topic:field']);
    assert.deepEqual(variables(analysis, 'answer'), ['audience:field', 'asistant:undefined', 'maybe:guarded', 'extra:guarded', 'extra:undefined']);
    assert.deepEqual(variables(analysis, 'map'), ['user:field', 'assistant:field']);
    assert.deepEqual(variables(analysis, 'after'), ['q:unknown', 'nowhere:unknown']);
  });

  it('reports undefined reads as errors at their range, with the likely name; a fallback read is not one', () => {
    const problems = undefinedVariableProblems(analysis);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.blockId, text.split('\n')[(p.range?.line ?? 0) - 1].slice((p.range?.column ?? 0) - 1, (p.range?.endColumn ?? 0) - 1)]),
      [
        ['template-undefined-variable', 'error', 'answer', 'asistant'],
        ['template-undefined-variable', 'error', 'answer', 'extra'],
      ],
    );
    assert.equal(
      problems[0].message,
      `Block "answer" (TextGenerator), config "user_prompt": undefined variable 'asistant': not a field of the seed file topics.json nor an output of a block before this one, so the run would fail here. Did you mean 'assistant'? Available here: topic, audience, assistant, system, user.`,
    );
    assert.deepEqual(problems[0].path, ['blocks', 1, 'config', 'user_prompt']);
    // The read inside `{% if extra is defined %}` is guarded, the one in its body is not: only the second is flagged.
    const extras = analysis.templates[2].variables.filter((v) => v.name === 'extra');
    assert.deepEqual(problems[1].range, extras[1].range);
  });

  it('flags nothing without a seed file (or with one it could not read), and offers the expected seed fields instead', () => {
    const unread = analyzePipelineTemplates(text, registry, { ok: false, fileName: 'bad.json', reason: 'bad.json is not valid JSON' });
    assert.deepEqual(unread.seedFields, { kind: 'expected', fileName: 'bad.json', reason: 'bad.json is not valid JSON' });
    assert.deepEqual(undefinedVariableProblems(unread), []);
    const none = analyzePipelineTemplates(text, registry);
    assert.deepEqual(none.seedFields, { kind: 'expected' });
    // With no seed file, the seed fields are those Verify Seeds would ask the seeds for: whatever no block produces.
    assert.deepEqual(variables(none, 'answer'), ['audience:field', 'asistant:field', 'maybe:guarded', 'extra:field', 'extra:field']);
    assert.deepEqual(
      none.fieldsAt.get('question')?.fields.map((f) => f.name),
      ['topic', 'asistant', 'audience', 'extra', 'nowhere', 'q'],
    );
  });

  it('offers completion inside {{ … }} and {% … %} only, replacing the partial name', () => {
    const open = after('Ask about {{ ');
    const completion = templateCompletionAt(analysis, open);
    assert.deepEqual(completion?.fields.map((f) => f.name), ['topic', 'audience']);
    assert.deepEqual([completion?.replaceOffset, completion?.insertLength, completion?.replaceLength], [open, 0, 'topic'.length]);
    const partial = templateCompletionAt(analysis, after('Ask about {{ to'));
    assert.deepEqual([partial?.replaceOffset, partial?.insertLength, partial?.replaceLength], [open, 2, 'topic'.length]);
    assert.ok(completion?.builtins.includes('range'));
    assert.ok(templateCompletionAt(analysis, after('{% if ')), 'in a tag');
    assert.equal(templateCompletionAt(analysis, after('Ask ')), undefined, 'outside any {{ }}');
    assert.equal(templateCompletionAt(analysis, after('{{ topic }}')), undefined, 'after the closing }}');
    assert.equal(templateCompletionAt(analysis, after('maybe | ')), undefined, 'a filter name');
    assert.equal(templateCompletionAt(analysis, after('You teach')), undefined, 'no {{ in the template');
    const mapping = templateCompletionAt(analysis, after('"q": "{{ '));
    assert.deepEqual(mapping?.fields.map((f) => f.name), ['topic', 'audience', 'assistant', 'system', 'user']);
  });

  it('offers completion while the template is unfinished and the file is not valid JSON', () => {
    const typing = text.replace('Ask about {{ topic }}.', 'Ask about {{ ').replace('"edges": [', '"edges": [,');
    const recovered = analyzePipelineTemplates(typing, registry, seeds);
    assert.equal(recovered.recovered, true);
    const at = typing.indexOf('Ask about {{ ') + 'Ask about {{ '.length;
    assert.deepEqual(templateCompletionAt(recovered, at)?.fields.map((f) => f.name), ['topic', 'audience']);
    assert.deepEqual(undefinedVariableProblems(recovered), [], 'no template problems before the JSON is fixed');
    assert.ok(recovered.templates.find((t) => t.block.id === 'question' && t.field[0] === 'user_prompt')?.syntaxError);
  });

  it('finds the variable under the cursor, for hover', () => {
    const found = templateVariableAt(analysis, after('{{ asis'));
    assert.deepEqual([found?.template.block.id, found?.variable.name, found?.variable.status], ['answer', 'asistant', 'undefined']);
    const field = templateVariableAt(analysis, after('"q": "{{ '));
    assert.deepEqual([field?.variable.name, field?.variable.origin], ['user', { kind: 'block', blockId: 'answer', blockType: 'TextGenerator' }]);
    assert.equal(templateVariableAt(analysis, after('{{ asistant')), undefined, 'just past the name');
  });
});
