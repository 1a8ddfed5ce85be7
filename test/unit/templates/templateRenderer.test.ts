import assert from 'node:assert/strict';
import { TemplateError } from '../../../src/core/errors';
import { templateVariables } from '../../../src/core/templates/templateVariables';
import { sharedRenderer } from '../helpers/sharedRenderer';

describe('TemplateRenderer', () => {
  const renderer = sharedRenderer;
  const origin = { blockId: 'gen', blockType: 'TextGenerator', field: 'user_prompt' };
  const render = (t: string, state: Record<string, unknown> = {}) => renderer.render(t, state, origin);

  it('renders variables and nested members', async () => {
    assert.equal(await render('Hi {{ name }}, {{ user.city }}!', { name: 'Ada', user: { city: 'London' } }), 'Hi Ada, London!');
  });

  it('does not escape HTML (autoescape off)', async () => {
    assert.equal(await render('{{ t }}', { t: '<b>&</b>' }), '<b>&</b>');
  });

  it('names the undefined variable and the block', async () => {
    await assert.rejects(render('Topic: {{ topic }}', { other: 1 }), (e: unknown) => {
      assert.ok(e instanceof TemplateError);
      assert.equal(e.variable, 'topic');
      assert.equal(e.blockId, 'gen');
      assert.match(e.message, /Block 'gen' \(TextGenerator\), user_prompt: undefined variable 'topic'/);
      assert.match(e.message, /Available: other/);
      return true;
    });
  });

  it('places a run-time error (a call of a non-function) at its 1-based line and column, never on a wrong line', async () => {
    await assert.rejects(render('Intro\n  {{ topic() }}', { topic: 'tea' }), /Unable to call `topic`, which is not a function \(line 2, column 11\)$/);
    // On the first line Nunjucks gives no position for such an error: none is better than a wrong one.
    await assert.rejects(render('{{ topic() }}', { topic: 'tea' }), /Unable to call `topic`, which is not a function$/);
  });

  it('names an undefined nested member', async () => {
    await assert.rejects(render('{{ generated.title }}', { generated: {} }), /'generated\.title' is undefined/);
  });

  it('allows default() for missing nested members', async () => {
    assert.equal(await render("{{ g.missing | default('none') }}", { g: {} }), 'none');
  });

  // Jinja2 with StrictUndefined (the original's renderer) renders these without the variable: a fallback is not a need.
  it('renders a variable read only through default() or an `is defined` test when it is missing', async () => {
    assert.equal(await render("{{ style | default('neutral') }} / {{ g.x | d('none') }}", {}), 'neutral / none');
    assert.equal(await render('{% if extra is defined %}has extra{% else %}plain{% endif %}', {}), 'plain');
    await assert.rejects(render("{{ style | default('neutral') }} {{ style }}", {}), /undefined variable 'style'/);
  });

  it('tojson indents by 2 and truncate appends ...', async () => {
    assert.equal(await render('{{ v | tojson }}', { v: { a: [1] } }), '{\n  "a": [\n    1\n  ]\n}');
    assert.equal(await render('{{ s | truncate(3) }}', { s: 'abcdef' }), 'abc...');
    assert.equal(await render('{{ s | truncate }}', { s: 'x'.repeat(100) }), 'x'.repeat(100));
    assert.equal(await render('{{ s | truncate }}', { s: 'x'.repeat(101) }), `${'x'.repeat(100)}...`);
  });

  it('supports loops and set', async () => {
    assert.equal(await render('{% set sep = "," %}{% for i in xs %}{{ i }}{{ sep }}{% endfor %}', { xs: [1, 2] }), '1,2,');
  });

  const escapes = [
    '{{ range.constructor("return process")() }}',
    '{{ cycler.constructor("return process")() }}',
    '{{ joiner.constructor("return process")() }}',
    '{{ "".constructor.constructor("return process")() }}',
    '{{ s.constructor }}',
    '{{ s["constructor"] }}',
    '{{ o.__proto__ }}',
    '{{ o["__proto__"]["constructor"] }}',
    '{{ o.prototype }}',
    '{% set k = "constructor" %}{{ s[k][k]("return process")() }}',
    '{{ s.toString.call }}',
    '{{ s.toUpperCase.apply }}',
    '{{ o.__lookupGetter__ }}',
    '{{ constructor }}',
    '{{ toString }}',
    '{{ [].constructor }}',
    '{{ {}.constructor }}',
    '{{ range | attr("constructor") }}',
  ];
  for (const t of escapes) {
    it(`refuses ${t}`, async () => {
      await assert.rejects(render(t, { s: 'x', o: {} }), (e: unknown) => {
        assert.ok(e instanceof TemplateError, `expected TemplateError, got ${String(e)}`);
        assert.match(e.message, /not allowed|undefined variable|filter not found/);
        return true;
      });
    });
  }

  it('never renders seed values as templates', async () => {
    assert.equal(await render('{{ v }}', { v: '{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %}' }), '{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %}');
  });

  it('reports syntax errors with the block', async () => {
    await assert.rejects(render('{{ unclosed', { unclosed: 1 }), /Block 'gen' \(TextGenerator\), user_prompt: template syntax error/);
  });
});

describe('templateVariables', () => {
  it('lists undeclared root variables only', () => {
    const vars = templateVariables(
      '{{ a }} {{ b.c }} {{ d["e"] }} {% for x in items %}{{ x }}{{ loop.index }}{% endfor %}{% set y = 1 %}{{ y }}' +
        "{{ f | truncate(3) }}{{ g | default('z') }}{% if h is defined %}{% endif %}{{ range(3) }}{{ m[n] }}",
    );
    assert.deepEqual(vars, ['a', 'b', 'd', 'f', 'items', 'm', 'n'], 'g has a default and h is only tested for');
  });

  it('needs a name read both with and without a fallback, and the names a fallback is computed from', () => {
    assert.deepEqual(templateVariables("{{ g | default('z') }}{{ g }}"), ['g']);
    assert.deepEqual(templateVariables('{{ g | default(fallback) }}{{ m[key] | default(1) }}{% if h is not defined %}{% endif %}'), ['fallback', 'key']);
    assert.deepEqual(templateVariables("{{ x is defined and x }}{{ y | upper | default('') }}"), ['x', 'y']);
  });

  it('returns nothing for plain text', () => {
    assert.deepEqual(templateVariables('no variables here'), []);
  });
});
