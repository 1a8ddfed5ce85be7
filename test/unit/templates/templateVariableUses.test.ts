import assert from 'node:assert/strict';
import { templateVariables, templateVariableUses } from '../../../src/core/templates/templateVariables';

/** Each use as `name@line:column` plus its flags, for short assertions. */
function uses(source: string): string[] {
  return templateVariableUses(source).map((u) => `${u.name}@${u.line}:${u.column}${u.guarded ? ' guarded' : ''}${u.declared ? ' declared' : ''}`);
}

/** `line:column` (0-based) of the `nth` occurrence of `needle`, by plain search: the oracle for the parser's positions. */
function at(source: string, needle: string, nth = 1): string {
  let offset = -1;
  for (let i = 0; i < nth; i++) offset = source.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, needle);
  const lines = source.slice(0, offset).split('\n');
  return `${lines.length - 1}:${lines[lines.length - 1].length}`;
}

describe('templateVariableUses', () => {
  it('gives every read with its 0-based line and column from the parse tree', () => {
    const source = 'Hi {{ topic }}\n  {{topic}} and {{ other.member }}';
    assert.deepEqual(uses(source), [`topic@${at(source, 'topic')}`, `topic@${at(source, 'topic', 2)}`, `other@${at(source, 'other')}`]);
    assert.deepEqual(uses(source).slice(0, 2), ['topic@0:6', 'topic@1:4']);
  });

  it('marks reads with a fallback as guarded, and those reads only are not needed', () => {
    const source = '{{ a | default("x") }} {{ b.c | d(1) }} {% if c is defined %}{{ c }}{% endif %} {{ e is undefined }}';
    assert.deepEqual(uses(source), [
      `a@${at(source, 'a |')} guarded`,
      `b@${at(source, 'b.c')} guarded`,
      `c@${at(source, 'c is')} guarded`,
      `c@${at(source, 'c }}')}`,
      `e@${at(source, 'e is')} guarded`,
    ]);
    assert.deepEqual(templateVariables(source), ['c']);
  });

  it('marks names the template declares and the globals as declared', () => {
    const source = '{% set t = topic | upper %}{% for x in items %}{{ loop.index }}{{ x }}{{ t }}{% endfor %}{{ range(3) }}';
    const found = templateVariableUses(source);
    assert.deepEqual(
      found.filter((u) => u.declared).map((u) => u.name),
      ['loop', 'x', 't', 'range'],
    );
    assert.deepEqual(templateVariables(source), ['items', 'topic']);
  });

  it('does not take filter and test names, or member names, for variables', () => {
    const source = '{{ a.title | upper }} {{ n is odd }} {{ m[key] }}';
    assert.deepEqual(uses(source), [`a@${at(source, 'a.')}`, `n@${at(source, 'n is')}`, `m@${at(source, 'm[')}`, `key@${at(source, 'key')}`]);
  });

  it('throws the parser error on a template with a syntax error', () => {
    assert.throws(() => templateVariableUses('{{ unclosed'));
  });
});
