import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { buildCatalogue } from '../../../src/editor/editorCatalogue';
import { editorHandlers } from '../../../src/editor/editorHandlers';
import { buildSnapshot } from '../../../src/editor/editorSnapshot';
import { parseEditorEdit } from '../../../src/editor/parseEditorEdit';
import { InvalidMessageError } from '../../../src/host/messageGuards';
import { configWidget, parseJsonInput, parseNumberInput } from '../../../webview-ui/editor/configWidget';
import { flowDeletion, pipelineToFlow, summarizeValue } from '../../../webview-ui/editor/flowConversion';

const registry = createBlockRegistry();
const catalogue = buildCatalogue(registry, { llm: ['m1'], embedding: [] }, true);

describe('editor snapshot and model ↔ flow conversion', () => {
  it('a template becomes Start + blocks + End with its edges; Start/End are canvas-only and undeletable', () => {
    const text = readFileSync('templates/qa_generation.dgf.json', 'utf8');
    const snapshot = buildSnapshot(text, 7, 'qa.dgf.json', registry);
    assert.equal(snapshot.version, 7);
    assert.deepEqual(snapshot.problems.filter((p) => p.severity === 'error'), []);
    const { nodes, edges } = pipelineToFlow(snapshot.pipeline!, catalogue, snapshot.available, snapshot.problems);
    assert.deepEqual(nodes.map((n) => n.type), ['start', 'block', 'block', 'block', 'block', 'end']);
    assert.deepEqual(nodes.filter((n) => !n.deletable).map((n) => n.id), ['start', 'end']);
    assert.equal(edges.length, 5);
    assert.ok(edges.every((e) => e.id === `${e.source}->${e.target}`));
    // After the multiplier the state is its item: the chunk fields, then the generators' outputs.
    const last = nodes[4].data as { available: string[]; notConnected: boolean };
    assert.deepEqual(last.available, ['chunk_text', 'chunk_index', 'assistant', 'system', 'user', 'generated']);
    // Deleting Start or End on the canvas never reaches the file.
    assert.deepEqual(flowDeletion(['start', 'ask', 'end'], [{ source: 'start', target: 'ask' }]), { blockIds: ['ask'], edges: [{ source: 'start', target: 'ask' }] });
  });

  it('badges come from the core problem codes; unknown types are flagged; Start/End default around the blocks', () => {
    const text = JSON.stringify({
      version: 1,
      name: 'p',
      blocks: [
        { id: 'a', type: 'StructuredGenerator', config: {}, position: { x: 0, y: 100 } },
        { id: 'b', type: 'Nope', config: {}, position: { x: 0, y: 300 } },
      ],
      edges: [],
    });
    const snapshot = buildSnapshot(text, 1, 'p.dgf.json', registry);
    const { nodes } = pipelineToFlow(snapshot.pipeline!, catalogue, snapshot.available, snapshot.problems);
    const a = nodes.find((n) => n.id === 'a')!.data as { notConfigured: boolean; notConnected: boolean; unknownType: boolean };
    const b = nodes.find((n) => n.id === 'b')!.data as { notConfigured: boolean; notConnected: boolean; unknownType: boolean };
    assert.deepEqual([a.notConfigured, a.notConnected, a.unknownType], [true, true, false]);
    assert.deepEqual([b.notConnected, b.unknownType], [true, true]);
    assert.ok(nodes[0].position.y < 100 && nodes.at(-1)!.position.y > 300);
  });

  it('a malformed file gives no pipeline and problems with line and column', () => {
    const snapshot = buildSnapshot('{\n  "name": 3,\n', 2, 'x.dgf.json', registry);
    assert.equal(snapshot.pipeline, undefined);
    assert.equal(snapshot.problems[0].code, 'json-invalid');
    assert.equal(typeof snapshot.problems[0].line, 'number');
    const wrongShape = buildSnapshot('{ "version": 1, "name": 3, "blocks": {}, "edges": [] }', 2, 'x.dgf.json', registry);
    assert.equal(wrongShape.pipeline, undefined);
    assert.ok(wrongShape.problems.some((p) => p.code === 'pipeline-schema' && p.line === 1));
  });

  it('summaries follow the original editor: {N fields}, [N items], text cut at 30 characters', () => {
    assert.equal(summarizeValue({ a: 1, b: 2 }), '{2 fields}');
    assert.equal(summarizeValue([1, 2, 3]), '[3 items]');
    assert.equal(summarizeValue('x'.repeat(40)), `${'x'.repeat(30)}…`);
    assert.equal(summarizeValue(0.5), '0.5');
  });
});

describe('config widgets, template variables and edit messages', () => {
  it('chooses the widget from the schema', () => {
    const props = Object.fromEntries(catalogue.blocks.flatMap((b) => Object.entries(b.properties).map(([k, f]) => [`${b.type}.${k}`, configWidget(f)])));
    assert.equal(props['StructuredGenerator.json_schema'], 'json-or-template');
    assert.equal(props['TextGenerator.user_prompt'], 'template');
    assert.equal(props['TextGenerator.model'], 'model');
    assert.equal(props['TextGenerator.temperature'], 'number');
    assert.equal(props['JSONValidatorBlock.field_name'], 'field-reference');
    assert.equal(props['JSONValidatorBlock.strict'], 'boolean');
    assert.equal(props['MarkdownMultiplierBlock.parser_type'], 'enum');
    assert.equal(parseNumberInput('', true), undefined);
    assert.ok(Number.isNaN(parseNumberInput('1.5', true)));
    assert.equal(parseNumberInput(' 2 ', true), 2);
    assert.deepEqual(parseJsonInput('[1]'), { ok: true, value: [1] });
    assert.equal(parseJsonInput('{').ok, false);
  });

  it('finds the variables of a template with the engine parser, skipping filters, literals and attributes', async () => {
    const handlers = editorHandlers(
      { text: () => '', version: () => 1, apply: async () => true },
      { registry: () => createBlockRegistry(), generate: async () => {}, reopenAsText: async () => {}, revealInText: async () => {}, chooseSeedFile: async () => {}, trySeed: async () => {} },
    );
    const ask = (template: unknown) => handlers.templateVariables.handle(handlers.templateVariables.parse({ template }));
    assert.deepEqual(await ask('Hi {{ name }} {{ a.b | upper }} {{ "lit" }} {{ x | default(y) }} {{ items | tojson }}'), { variables: ['a', 'items', 'name', 'y'] }, 'x has a default: the canvas does not ask for it');
    assert.deepEqual((await ask('{{ topic }} {{ mood }}')).variables.filter((v) => !['topic'].includes(v)), ['mood']);
    const broken = await ask('{{ topic ');
    assert.deepEqual(broken.variables, []);
    assert.match(broken.error ?? '', /expected variable end/);
    assert.doesNotMatch(broken.error ?? '', /unknown path/);
    // A number in exponent notation is a number Nunjucks cannot read, not a variable named "1e9".
    assert.deepEqual(await ask('{{ range(0, 1e9) | length }}'), { variables: [], error: "the number '1e9' (line 1, column 13) is not understood by templates, which have no exponent notation: write 1000000000." });
    assert.throws(() => handlers.templateVariables.parse({ template: 42 }), InvalidMessageError);
  });

  it('parses edit messages strictly (the webview is untrusted)', () => {
    assert.deepEqual(parseEditorEdit({ kind: 'connect', source: 'a', target: 'b' }), { kind: 'connect', source: 'a', target: 'b' });
    assert.deepEqual(parseEditorEdit({ kind: 'configure', blockId: 'a', key: 'k' }), { kind: 'configure', blockId: 'a', key: 'k' });
    assert.deepEqual(parseEditorEdit({ kind: 'move', positions: [{ id: 'a', x: 1, y: 2 }] }), { kind: 'move', positions: [{ id: 'a', x: 1, y: 2 }] });
    const bad: unknown[] = [
      { kind: 'explode' },
      { kind: 'connect', source: 1, target: 'b' },
      { kind: 'move', positions: [{ id: 'a', x: 'far', y: 2 }] },
      { kind: 'renamePipeline', name: '  ' },
      { kind: 'addBlock', type: 'T', config: [], position: { x: 0, y: 0 } },
      { kind: 'setConstraint', key: 'max_total_tokens', value: Infinity },
      'connect',
    ];
    for (const b of bad) assert.throws(() => parseEditorEdit(b), InvalidMessageError, JSON.stringify(b));
  });
});
