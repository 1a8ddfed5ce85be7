import assert from 'node:assert/strict';
import * as nunjucks from 'nunjucks';
import { environmentFilters, lexTemplate, parseTemplate, runtimeLookupsPatched, type TemplateToken } from '../../../src/core/templates/nunjucksInternals';
import { ForbiddenAccessError } from '../../../src/core/templates/sandbox';
import { createTemplateEnvironment } from '../../../src/core/templates/templateEnvironment';

/**
 * The Nunjucks internals src/core/templates relies on (see nunjucksInternals.ts), exercised directly in the process
 * that renders: a Nunjucks upgrade that moves or renames any of them fails here, by name, and the sandbox is checked
 * to still close `constructor` and `__proto__` after the patch.
 */
describe('Nunjucks internals (upgrade guard)', () => {
  it('the parser gives the parse tree the template checks read', () => {
    const root = parseTemplate('{% for x in xs %}{{ x.name | upper }}{% endfor %}');
    assert.equal(root.typename, 'Root');
    const loop = root.children?.[0];
    assert.equal(loop?.typename, 'For');
    assert.throws(() => parseTemplate('{% for %}'), /Template render error|expected/);
  });

  it('the lexer gives typed tokens with positions', () => {
    const lexer = lexTemplate('{{ 1.5e3 }}');
    const tokens: TemplateToken[] = [];
    for (let t = lexer.nextToken(); t; t = lexer.nextToken()) tokens.push(t);
    assert.deepEqual(
      tokens.filter((t) => t.type !== 'whitespace').map((t) => [t.type, t.value]),
      [
        ['variable-start', '{{'],
        ['float', '1.5'],
        ['symbol', 'e3'],
        ['variable-end', '}}'],
      ],
    );
    assert.equal(typeof tokens[0].lineno, 'number');
    assert.equal(typeof tokens[0].colno, 'number');
  });

  it("an environment's filters are a live map of every filter, built-in and added", () => {
    const env = new nunjucks.Environment([], { autoescape: false });
    env.addFilter('shout', (s: unknown) => `${String(s)}!`);
    const filters = environmentFilters(env);
    assert.equal(typeof filters.upper, 'function');
    assert.equal(typeof filters.shout, 'function');
    filters.upper = () => 'replaced';
    assert.equal(env.renderString('{{ "a" | upper }}', {}), 'replaced');
  });

  it('the runtime lookups are patched once the template environment exists, and compiled templates use them', () => {
    const env = createTemplateEnvironment(1024 * 1024);
    assert.equal(runtimeLookupsPatched(), true);
    const runtime = (nunjucks as unknown as { runtime: Record<string, unknown> }).runtime;
    for (const name of ['memberLookup', 'contextOrFrameLookup', 'callWrap']) assert.equal(typeof runtime[name], 'function', name);
    const blocked = (template: string, context: Record<string, unknown>) =>
      assert.throws(
        () => env.renderString(template, context),
        (e: unknown) => e instanceof Error && (e instanceof ForbiddenAccessError || /not allowed in templates/.test(e.message)),
        template,
      );
    blocked('{{ s.constructor }}', { s: 'x' });
    blocked('{{ s["constructor"] }}', { s: 'x' });
    blocked('{{ o.__proto__ }}', { o: {} });
    blocked('{{ constructor }}', {});
    blocked('{{ "".constructor.constructor("return process")() }}', {});
    blocked('{{ f.call }}', { f: () => 1 });
    assert.equal(env.renderString('{{ o.name }} {{ xs[1] }}', { o: { name: 'ok' }, xs: [0, 1] }), 'ok 1');
  });
});
