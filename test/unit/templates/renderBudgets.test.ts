import assert from 'node:assert/strict';
import { CancelledError, TemplateError, TemplateLimitError } from '../../../src/core/errors';
import { TemplateRenderer } from '../../../src/core/templates/templateRenderer';

// Each budget fails the one render with a message naming the block, the field and the limit (and the setting
// that raises it), and the renderer goes on rendering. On the old in-thread renderer these templates ran for
// minutes or crashed the process out of memory (mocha's timeout fails them), and nothing could stop a render.
const origin = { blockId: 'gen', blockType: 'TextGenerator', field: 'user_prompt' };
const forever = '{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}';

describe('template render budgets', function () {
  this.timeout(30_000);
  let renderer: TemplateRenderer;
  afterEach(() => renderer.close());

  it('stops a render over the time budget, names block, field, limit and setting, then renders the next one', async () => {
    renderer = new TemplateRenderer({ limits: { timeoutMs: 300 } });
    await assert.rejects(renderer.render(forever, {}, origin), (e: unknown) => {
      assert.ok(e instanceof TemplateLimitError, String(e));
      assert.equal(e.blockId, 'gen');
      assert.match(e.message, /^Block 'gen' \(TextGenerator\), user_prompt: rendering took longer than the 300 ms time budget/);
      assert.match(e.message, /datagenflow\.templates\.renderTimeoutMs/);
      return true;
    });
    assert.equal(await renderer.render('Hi {{ name }}', { name: 'Ada' }, origin), 'Hi Ada');
  });

  it('fails a render whose text is over the output budget', async () => {
    renderer = new TemplateRenderer({ limits: { maxBytes: 1000 } });
    assert.equal(await renderer.render('{% for i in range(1000) %}x{% endfor %}', {}, origin), 'x'.repeat(1000));
    await assert.rejects(renderer.render('{% for i in range(1001) %}x{% endfor %}', {}, origin), (e: unknown) => {
      assert.ok(e instanceof TemplateLimitError, String(e));
      assert.match(e.message, /user_prompt: the rendered text is 1001 bytes, over the 1000 bytes output budget.*datagenflow\.templates\.maxRenderBytes/);
      return true;
    });
  });

  it('refuses range() over 100,000 items and filters with a width over the output budget, before allocating', async () => {
    renderer = new TemplateRenderer();
    const cases: [string, RegExp][] = [
      ['{% for i in range(100000000) %}x{% endfor %}', /range\(100000000\) would build 100,000,000 items; a template's range\(\) may build at most 100,000/],
      ['{{ range(0, 1000000000) | length }}', /range\(0, 1000000000\) would build 1,000,000,000 items/],
      ['{{ range(0, 1000000000) | join(",") }}', /range\(0, 1000000000\) would build/],
      ['{{ name | center(100000000) }}', /center\(100000000\) would build 95\.4 MB of text, over the 1 MB output budget/],
      ['{{ name | indent(100000000, true) }}', /indent\(100000000\) would build 95\.4 MB of text/],
      ['{{ [1, 2] | slice(1000000000) }}', /slice\(1000000000\) would build 1,000,000,000 lists/],
    ];
    for (const [template, message] of cases) {
      await assert.rejects(renderer.render(template, { name: 'Ada' }, origin), (e: unknown) => {
        assert.ok(e instanceof TemplateLimitError, `${template}: ${String(e)}`);
        assert.match(e.message, /^Block 'gen' \(TextGenerator\), user_prompt: /);
        assert.match(e.message, message);
        return true;
      });
    }
    assert.equal(await renderer.render('{{ range(3) | join(",") }}|{{ "ab" | center(6) }}|', {}, origin), '0,1,2|  ab  |');
  });

  it('a template that allocates past the heap cap kills its worker only: the render fails, the process and the next render live', async () => {
    renderer = new TemplateRenderer({ limits: { timeoutMs: 120_000 } });
    const hog = '{% set xs = [] %}{% for i in range(100000) %}{{ xs.push(range(100000)) }}{% endfor %}';
    await assert.rejects(renderer.render(hog, {}, origin), (e: unknown) => {
      assert.ok(e instanceof TemplateLimitError, String(e));
      assert.match(e.message, /user_prompt: rendering needed more than the renderer's 256 MB of memory and was stopped/);
      return true;
    });
    assert.equal(await renderer.render('still {{ here }}', { here: 'alive' }, origin), 'still alive');
  });

  it('a cancel rejects a render that is running at once (the worker is stopped) and one that is queued', async () => {
    renderer = new TemplateRenderer({ limits: { timeoutMs: 600_000 }, workers: 1 });
    const controller = new AbortController();
    const running = renderer.render(forever, {}, origin, controller.signal);
    const queued = renderer.render('{{ 1 }}', {}, origin, controller.signal);
    const settled: string[] = [];
    void running.catch(() => settled.push('running'));
    void queued.catch(() => settled.push('queued'));
    while (renderer.rendering === 0) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(settled, []);
    controller.abort();
    await assert.rejects(running, CancelledError);
    await assert.rejects(queued, CancelledError);
    assert.equal(renderer.rendering, 0);
    assert.equal(await renderer.render('after {{ x }}', { x: 1 }, origin), 'after 1');
  });
});

describe('what crosses to the render worker', () => {
  const renderer = new TemplateRenderer();
  after(() => renderer.close());

  it('only the fields the template reads: one it does not read may be anything, one it reads must be data', async () => {
    const state = { topic: 'tea', callback: () => 1, document: 'x'.repeat(5_000_000) };
    assert.equal(await renderer.render('About {{ topic }}', state, origin), 'About tea');
    await assert.rejects(renderer.render('{{ callback }}', state, origin), /user_prompt: the state cannot be passed to the renderer/);
    // A name the template both reads and sets is read from the state first.
    assert.equal(await renderer.render('{% set topic = topic | upper %}{{ topic }}', state, origin), 'TEA');
  });
});

describe('template messages', () => {
  const renderer = new TemplateRenderer();
  after(() => renderer.close());
  const failure = async (template: string, state: Record<string, unknown> = {}) => {
    try {
      await renderer.render(template, state, origin);
    } catch (e) {
      assert.ok(e instanceof TemplateError, String(e));
      return e.message;
    }
    return assert.fail(`${template} rendered`);
  };

  it("never passes on Nunjucks' '(unknown path)' and 'Error:' prefixes", async () => {
    const templates = ['{{ s | nosuchfilter }}', '{{ f() }}', '{{ s.nope() }}', '{{ 1 + }}', '{{ o.constructor }}', '{% include "part.njk" %}', '{% for x in xs %}{{ o.a.b }}{% endfor %}'];
    for (const template of templates) {
      const message = await failure(template, { s: 'x', f: 1, o: {}, xs: [1] });
      assert.doesNotMatch(message, /unknown path|Template render error|\bError: |\[Line/, message);
      assert.match(message, /^Block 'gen' \(TextGenerator\), user_prompt: /);
    }
    assert.match(await failure('{{ s | nosuchfilter }}', { s: 'x' }), /user_prompt: filter not found: nosuchfilter$/);
    assert.match(await failure('{% for x in xs %}{{ o.a.b }}{% endfor %}', { o: {}, xs: [1] }), /user_prompt: 'o\.a\.b' is undefined \(line 1, column 18\)\. Check the field names/);
  });

  it('reports {% import %}, {% include %} and {% extends %} as not supported, not as unknown variables', async () => {
    assert.match(await failure('{% import "macros.njk" as m %}{{ m.x() }}'), /\{% import %\} is not supported \(line 1, column 4\): a template is a single config value/);
    assert.match(await failure('{% from "m.njk" import x %}'), /\{% from … import %\} is not supported/);
    assert.match(await failure('a {% include "part.njk" %}'), /\{% include %\} is not supported/);
    assert.match(await failure('{% extends "base.njk" %}'), /\{% extends %\} is not supported/);
  });

  it('reports exponent numbers for what they are and how to write them', async () => {
    assert.match(await failure('{{ range(0, 1e9) | length }}'), /the number '1e9' \(line 1, column 13\) is not understood by templates, which have no exponent notation: write 1000000000\./);
    assert.match(await failure('{{ x * 1.5e3 }}', { x: 1 }), /the number '1\.5e3' .*write 1500\./);
    assert.match(await failure('{{ x * 2e-3 }}', { x: 1 }), /the number '2e-3' .*write 0\.002\./);
    assert.doesNotMatch(await failure('{{ 1e9 }}'), /undefined variable/);
  });
});
