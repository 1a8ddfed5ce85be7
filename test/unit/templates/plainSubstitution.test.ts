import assert from 'node:assert/strict';
import { CancelledError, TemplateLimitError } from '../../../src/core/errors';
import { plainTemplate, substitute } from '../../../src/core/templates/plainSubstitution';
import { LimitedRenderer } from '../../../src/core/templates/renderWithLimits';
import { createTemplateEnvironment } from '../../../src/core/templates/templateEnvironment';
import { TemplateRenderer } from '../../../src/core/templates/templateRenderer';

// Templates of text and bare names are substituted without Nunjucks: the text must be what Nunjucks renders.
describe('plain substitution', () => {
  const nunjucks = new LimitedRenderer(createTemplateEnvironment(1_048_576), 1_048_576);
  const state = { content: 'The tide\n{{ not a tag }} {% neither %}', n: 42, x: 1.5, yes: true, no: false, empty: '', toString: 'own', u: 'ünï 😀' };

  const plain = [
    'Text: {{ content }}',
    '{{content}}{{n}}',
    'Read the text below and pull out:\n- "title": a short title;\n\nText: {{ content }}',
    'a {{- content }} b',
    'a {{ content -}}\n   b {{ n }}',
    '  {{- x -}}  ',
    '{ "json": {"a": 1} } }} %} {{ yes }}/{{ no }}/{{ empty }}',
    '{% raw %}{{ content }}{% endraw %} {{ u }}',
    '{# a comment #}{{ content }}',
    '{{ toString }}',
  ];
  for (const source of plain) {
    it(`renders ${JSON.stringify(source)} as Nunjucks does`, () => {
      const template = plainTemplate(source);
      assert.ok(template, 'a plain template');
      const expected = nunjucks.render(source, state);
      assert.ok(expected.ok, JSON.stringify(expected));
      assert.equal(substitute(template, state, 1_048_576), expected.text);
    });
  }

  const notPlain = ['{{ a.b }}', '{{ a["b"] }}', '{{ a | upper }}', '{{ a() }}', '{{ a + 1 }}', '{{ "lit" }}', '{% if a %}x{% endif %}', '{% for i in xs %}{{ i }}{% endfor %}', '{% set a = 1 %}{{ a }}', '{{ constructor }}', '{{ __proto__ }}'];
  for (const source of notPlain) {
    it(`leaves ${JSON.stringify(source)} to Nunjucks`, () => assert.equal(plainTemplate(source), undefined));
  }

  it('leaves values that are not text, numbers or booleans (or are missing) to Nunjucks', () => {
    const template = plainTemplate('{{ v }}');
    assert.ok(template);
    for (const v of [null, undefined, { a: 1 }, [1, 2], Number.NaN]) assert.equal(substitute(template, { v }, 100), undefined, String(v));
    assert.equal(substitute(template, {}, 100), undefined);
    assert.equal(substitute(template, Object.create({ v: 'inherited' }) as Record<string, unknown>, 100), undefined);
  });

  it('stops as soon as the text is longer than the budget, leaving the report to Nunjucks', () => {
    const template = plainTemplate('{{ v }}{{ v }}{{ v }}');
    assert.ok(template);
    assert.equal(substitute(template, { v: 'abc' }, 9), 'abcabcabc');
    assert.equal(substitute(template, { v: 'abc' }, 8), undefined);
  });

  describe('through TemplateRenderer', () => {
    let renderer: TemplateRenderer;
    afterEach(() => renderer.close());
    const origin = { blockId: 'gen', blockType: 'TextGenerator', field: 'user_prompt' };

    it('substitutes without starting a render worker, and renders other templates in one', async () => {
      renderer = new TemplateRenderer();
      assert.equal(await renderer.render('Hi {{ name }} ({{ age }})', { name: 'Ada', age: 36 }, origin), 'Hi Ada (36)');
      assert.equal(renderer.rendering, 0);
      assert.equal((renderer as unknown as { pool: { workerCount: number } }).pool.workerCount, 0);
      assert.equal(await renderer.render('Hi {{ name | upper }}', { name: 'Ada' }, origin), 'Hi ADA');
      assert.equal(await renderer.render('{{ v }}', { v: [1, 2] }, origin), '1,2');
      await assert.rejects(renderer.render('{{ v }}', { v: null }, origin), /is undefined/);
    });

    it('holds a substitution to the output budget with the worker\'s message', async () => {
      renderer = new TemplateRenderer({ limits: { maxBytes: 1000 } });
      assert.equal(await renderer.render('{{ s }}', { s: 'x'.repeat(1000) }, origin), 'x'.repeat(1000));
      await assert.rejects(renderer.render('{{ s }}!', { s: 'é'.repeat(500) }, origin), (e: unknown) => {
        assert.ok(e instanceof TemplateLimitError, String(e));
        assert.match(e.message, /^Block 'gen' \(TextGenerator\), user_prompt: the rendered text is 1001 bytes, over the 1000 bytes output budget.*datagenflow\.templates\.maxRenderBytes/);
        return true;
      });
    });

    it('reports a substitution far over the budget as Nunjucks does, without building it', async () => {
      renderer = new TemplateRenderer({ limits: { maxBytes: 1000 } });
      const source = Array.from({ length: 1000 }, () => '{{ s }}').join('');
      await assert.rejects(renderer.render(source, { s: 'x'.repeat(100_000) }, origin), (e: unknown) => {
        assert.ok(e instanceof TemplateLimitError, String(e));
        assert.match(e.message, /over the 1000 bytes output budget/);
        return true;
      });
    });

    it('is cancelled by an aborted signal like a render in a worker', async () => {
      renderer = new TemplateRenderer();
      const stop = new AbortController();
      stop.abort();
      await assert.rejects(renderer.render('Hi {{ name }}', { name: 'Ada' }, origin, stop.signal), CancelledError);
    });
  });
});
