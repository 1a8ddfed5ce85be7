import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BUILTIN_BLOCKS, createBlockRegistry } from '../../../../src/core/blocks/blockRegistry';
import type { CustomBlockEntry } from '../../../../src/core/blocks/custom/customBlockTypes';
import { checkBlockData } from '../../../../src/core/blocks/custom/customBlockShape';
import { loadCustomBlocks } from '../../../../src/core/blocks/custom/loadCustomBlocks';
import { runJob } from '../../../../src/core/run/jobRunner';
import { checkSeedFile } from '../../../../src/core/seeds/checkSeedFile';
import { runBlock } from '../../helpers/blockHarness';
import { ScriptedLlm } from '../../helpers/scriptedLlm';
import { blockFolder, MemorySink, spec, versionedBlock } from './customBlockKit';

const byFile = (entries: CustomBlockEntry[]) => Object.fromEntries(entries.map((e) => [basename(e.file), e]));

describe('loadCustomBlocks', () => {
  it('loads a good block and runs it through runJob after a built-in, with its usage counted', async () => {
    const folder = await blockFolder(['Shout.js', '_exclaim.js', 'WordCount.cjs']);
    const set = loadCustomBlocks({ folder, trusted: true });
    assert.deepEqual(set.entries.map((e) => [basename(e.file), e.type, e.status]), [['Shout.js', 'Shout', 'ok'], ['WordCount.cjs', 'WordCount', 'ok']]);
    assert.deepEqual(set.blocks.map((b) => b.type), ['Shout', 'WordCount']);

    const registry = createBlockRegistry(set.blocks);
    const sink = new MemorySink();
    const summary = await runJob({
      jobId: 'j1',
      blocks: [spec('gen', 'TextGenerator', { user_prompt: 'About {{ topic }}' }), spec('shout', 'Shout', { marks: 3 }), spec('count', 'WordCount')],
      seeds: [{ repetitions: 2, metadata: { topic: 'tea' } }],
      registry,
      llm: new ScriptedLlm(() => 'green tea is nice'),
      sink,
      concurrency: 2,
    });
    assert.equal(summary.status, 'completed');
    assert.equal(summary.succeeded, 2);
    const record = sink.results[0];
    assert.equal(record.output?.shout, 'GREEN TEA IS NICE!!!');
    assert.equal(record.output?.word_count, 4);
    assert.deepEqual(record.trace.map((t) => t.block_type), ['TextGenerator', 'Shout', 'WordCount']);
    assert.deepEqual(record.usage, { input_tokens: 11, output_tokens: 7, cached_tokens: 1 });
  });

  it('gives custom blocks the contract defaults: requiredFields from inputs, or the block\'s own', async () => {
    const set = loadCustomBlocks({ folder: await blockFolder(['Shout.js', '_exclaim.js', 'WordCount.cjs']), trusted: true });
    const [shout, wordCount] = set.blocks;
    assert.deepEqual(shout.requiredFields({}), ['assistant']);
    assert.deepEqual(wordCount.requiredFields({ field: 'title' }), ['title']);
    // Verify Seeds sees them: a seed without `title` is reported against the custom block.
    const pipeline = { version: 1, name: 'p', blocks: [spec('count', 'WordCount', { field: 'title' })], edges: [{ source: 'start', target: 'count' }, { source: 'count', target: 'end' }] };
    const parsed = checkSeedFile('[{"metadata": {"topic": "x"}}]', 'seeds.json', pipeline, createBlockRegistry(set.blocks));
    assert.match(parsed.problems.map((p) => p.message).join('\n'), /"title".*WordCount/);
  });

  it('lets a custom block declare inputs it runs without (optionalFields): Verify Seeds warns and never refuses', async () => {
    const score =
      "module.exports = { type: 'LengthScore', name: 'Length', description: '', category: 'metrics', inputs: ['*'], outputs: ['length_score'], " +
      "configSchema: { type: 'object', properties: { field: { type: 'string', default: 'answer' } } }, requiredFields() { return []; }, " +
      "optionalFields(config) { return [{ anyOf: [config.field], whenMissing: 'scores 0' }]; }, " +
      'async execute(ctx) { return { output: { length_score: String(ctx.state[ctx.config.field] ?? "").length } }; } };\n';
    const broken = score.replace("'LengthScore'", "'BrokenScore'").replace("return [{ anyOf: [config.field], whenMissing: 'scores 0' }]", 'return [config.field]');
    const set = loadCustomBlocks({ folder: await blockFolder([], { 'LengthScore.js': score, 'BrokenScore.js': broken }), trusted: true });
    const registry = createBlockRegistry(set.blocks);
    const pipeline = { version: 1, name: 'p', blocks: [spec('len', 'LengthScore')], edges: [{ source: 'start', target: 'len' }, { source: 'len', target: 'end' }] };
    const problems = checkSeedFile('[{"metadata": {"question": "x"}}]', 'seeds.json', pipeline, registry).problems;
    assert.deepEqual(problems.map((p) => [p.severity, p.code]), [['warning', 'seed-missing-optional-field']]);
    assert.match(problems[0].message, /no field "answer" .* block "len" \(LengthScore\), which then scores 0/);
    assert.throws(() => registry.get('BrokenScore')?.optionalFields?.({ field: 'answer' }), /optionalFields of the custom block BrokenScore .* must return an array of \{ anyOf/);
  });

  it('lists a missing folder as no blocks, and skips helpers, tests and other files', async () => {
    assert.deepEqual(loadCustomBlocks({ folder: '/nonexistent/dgf/blocks', trusted: true }).entries, []);
    const folder = await blockFolder(['Shout.js', '_exclaim.js'], { 'Shout.test.js': 'throw new Error("ran")', 'notes.md': '#', '.hidden.js': 'throw 1', 'x.mjs': 'throw 1' });
    assert.deepEqual(loadCustomBlocks({ folder, trusted: true }).entries.map((e) => basename(e.file)), ['Shout.js']);
  });

  it('lists every broken module with what, where and what to do, while a good neighbour still loads', async () => {
    const folder = await blockFolder(['Shout.js', '_exclaim.js', 'ThrowsOnLoad.js', 'BadSchema.js', 'NoExecute.js'], {
      'SyntaxBroken.js': 'module.exports = {\n  type: "SyntaxBroken",\n  name: ,\n};\n',
      'Empty.js': '// forgot module.exports\nconst block = {};\n',
      'Strange.js': "module.exports = { type: 'lower case', name: '', description: 1, category: 'misc', inputs: 'a', outputs: [], configSchema: {}, execute: 1 };\n",
    });
    const set = loadCustomBlocks({ folder, trusted: true });
    const e = byFile(set.entries);
    assert.deepEqual(set.blocks.map((b) => b.type), ['Shout']);
    assert.equal(e['Shout.js'].status, 'ok');
    for (const name of ['ThrowsOnLoad.js', 'BadSchema.js', 'NoExecute.js', 'SyntaxBroken.js', 'Empty.js', 'Strange.js']) assert.equal(e[name].status, 'error', name);

    assert.match(e['SyntaxBroken.js'].error ?? '', /^SyntaxBroken\.js line 3: SyntaxError: Unexpected token.*fix it and save/);
    assert.match(e['ThrowsOnLoad.js'].error ?? '', /^ThrowsOnLoad\.js line 5: Error: API_TOKEN is not set\. The module failed to load/);
    assert.equal(e['BadSchema.js'].type, 'BadSchema');
    assert.match(e['BadSchema.js'].error ?? '', /configSchema\.properties\.count\.type must be one of "string", "integer"/);
    assert.match(e['BadSchema.js'].error ?? '', /datagenflow blocks scaffold/);
    assert.match(e['NoExecute.js'].error ?? '', /NoExecute\.js \(NoExecute\) is not a valid block: execute must be a function/);
    assert.match(e['Empty.js'].error ?? '', /Empty\.js exports no block \(module\.exports is an object with keys \(none\)\)\. Export one: module\.exports = /);
    const strange = e['Strange.js'].error ?? '';
    for (const part of [/type must be a class-like name/, /name must not be empty/, /description must be a string/, /category must be one of/, /inputs must be an array/, /configSchema is missing required property "type"/, /execute must be a function/]) {
      assert.match(strange, part);
    }
  });

  it('checks the config schema beyond its shape: required names, defaults, plain JSON', async () => {
    const block = (configSchema: string) => `module.exports = { type: 'S', name: 'S', description: '', category: 'general', inputs: [], outputs: [], configSchema: ${configSchema}, async execute() { return { output: {} }; } };`;
    const folder = await blockFolder([], {
      'Required.js': block("{ type: 'object', properties: {}, required: ['size'], additionalProperties: false }"),
      'Default.js': block("{ type: 'object', properties: { n: { type: 'integer', default: 'ten' } }, required: [], additionalProperties: false }"),
      'Unknown.js': block("{ type: 'object', properties: { n: { type: 'string', pattern: 'x' } }, required: [], additionalProperties: false }"),
      'Func.js': block("{ type: 'object', properties: { n: { type: 'string', default: () => 1 } }, required: [], additionalProperties: false }"),
      'Lenient.js': block("{ type: 'object', properties: { n: { type: 'string' } } }"),
    });
    const set = loadCustomBlocks({ folder, trusted: true });
    const e = byFile(set.entries);
    assert.equal(e['Lenient.js'].status, 'ok', 'required and additionalProperties default to the contract\'s values');
    assert.deepEqual(set.blocks[0].configSchema, { type: 'object', properties: { n: { type: 'string' } }, required: [], additionalProperties: false });
    assert.match(e['Required.js'].error ?? '', /configSchema\.required names "size", which is not in configSchema\.properties/);
    assert.match(e['Default.js'].error ?? '', /the default of configSchema\.properties\.n must be an integer, found the string "ten"/);
    assert.match(e['Unknown.js'].error ?? '', /configSchema\.properties\.n has unknown property "pattern"/);
    assert.match(e['Func.js'].error ?? '', /configSchema must be plain JSON/);
  });

  it('accepts the config schemas of every built-in block (the meta-schema matches the contract)', () => {
    for (const b of BUILTIN_BLOCKS) {
      const data = { type: b.type, name: b.name, description: b.description, category: b.category, inputs: b.inputs, outputs: b.outputs, isMultiplier: b.isMultiplier, configSchema: b.configSchema };
      assert.deepEqual(checkBlockData(data), { ok: true, data }, b.type);
    }
  });

  it('refuses a type that clashes with a built-in; the built-in stays', async () => {
    const set = loadCustomBlocks({ folder: await blockFolder(['ClashesBuiltin.js']), trusted: true });
    assert.deepEqual(set.blocks, []);
    const [entry] = set.entries;
    assert.equal(entry.status, 'clash');
    assert.equal(entry.type, 'TextGenerator');
    assert.match(entry.error ?? '', /ClashesBuiltin\.js declares type "TextGenerator", which clashes with the built-in block TextGenerator: rename it/);
    assert.equal(createBlockRegistry(set.blocks).get('TextGenerator')?.name, 'Text Generator');
  });

  it('refuses the second of two files declaring the same type', async () => {
    const set = loadCustomBlocks({ folder: await blockFolder(['Shout.js', '_exclaim.js', 'ShoutAgain.js']), trusted: true });
    const e = byFile(set.entries);
    assert.equal(e['Shout.js'].status, 'ok');
    assert.equal(e['ShoutAgain.js'].status, 'error');
    assert.match(e['ShoutAgain.js'].error ?? '', /ShoutAgain\.js declares type "Shout", which Shout\.js already declares: give one of them another type/);
    assert.equal(set.blocks.length, 1);
    assert.equal(set.blocks[0].name, 'Shout');
  });

  it('evaluates nothing in an untrusted workspace and lists every file as untrusted', async () => {
    const folder = await blockFolder(['WritesMarker.js', 'Shout.js', '_exclaim.js']);
    const set = loadCustomBlocks({ folder, trusted: false });
    assert.deepEqual(set.blocks, []);
    assert.deepEqual(set.entries.map((e) => [basename(e.file), e.status]), [['Shout.js', 'untrusted'], ['WritesMarker.js', 'untrusted']]);
    assert.match(set.entries[0].error ?? '', /custom blocks run only in trusted workspaces/);
    assert.equal(existsSync(join(folder, 'marker.txt')), false, 'the module\'s top-level code did not run');
    // The same folder, trusted: the marker proves the check above could have failed.
    loadCustomBlocks({ folder, trusted: true });
    assert.equal(existsSync(join(folder, 'marker.txt')), true);
  });

  it('evaluates a fresh module instance on every load (module state and helpers included)', async () => {
    const folder = await blockFolder([], {
      'Counter.js': "const { next } = require('./_count.js');\nmodule.exports = { type: 'Counter', name: 'C', description: '', category: 'general', inputs: [], outputs: ['n'], configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false }, async execute() { return { output: { n: next() } }; } };\n",
      '_count.js': 'let n = 0;\nexports.next = () => ++n;\n',
    });
    const run = async () => {
      const [counter] = loadCustomBlocks({ folder, trusted: true }).blocks;
      return runBlock(counter, {}, {});
    };
    assert.deepEqual(await run(), { output: { n: 1 } });
    assert.deepEqual(await run(), { output: { n: 1 } });
    await writeFile(join(folder, '_count.js'), 'let n = 100;\nexports.next = () => ++n;\n');
    assert.deepEqual(await run(), { output: { n: 101 } }, 'an edited helper is picked up');
    await writeFile(join(folder, 'Versioned.js'), versionedBlock(1));
    assert.equal(loadCustomBlocks({ folder, trusted: true }).blocks.length, 2);
  });

  it('runs a custom multiplier: each item becomes its own unit', async () => {
    const folder = await blockFolder([], {
      'SplitList.js': "module.exports = { type: 'SplitList', name: 'Split', description: '', category: 'seeders', isMultiplier: true, inputs: ['list'], outputs: ['item'], configSchema: { type: 'object', properties: {} }, async execute(ctx) { return { items: String(ctx.state.list).split(',').map((item) => ({ item })) }; } };\n",
    });
    const registry = createBlockRegistry(loadCustomBlocks({ folder, trusted: true }).blocks);
    assert.equal(registry.get('SplitList')?.isMultiplier, true);
    const sink = new MemorySink();
    const summary = await runJob({ jobId: 'j', blocks: [spec('split', 'SplitList'), spec('gen', 'TextGenerator', { user_prompt: '{{ item }}' })], seeds: [{ repetitions: 1, metadata: { list: 'a,b,c' } }], registry, llm: new ScriptedLlm(), sink, concurrency: 2 });
    assert.equal(summary.succeeded, 3);
    assert.deepEqual(sink.results.map((r) => r.output?.assistant).sort(), ['Echo: a', 'Echo: b', 'Echo: c']);
  });

  it('turns contract breaches at run time into ordinary failed records', async () => {
    const folder = await blockFolder(['ReturnsText.js'], {
      'Throws.js': "module.exports = { type: 'Throws', name: 'T', description: '', category: 'general', inputs: [], outputs: [], configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false }, async execute() { throw new Error('quota exceeded'); } };\n",
      'Unwrapped.js': "module.exports = { type: 'Unwrapped', name: 'U', description: '', category: 'general', inputs: [], outputs: ['a'], configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false }, async execute() { return { a: 1 }; } };\n",
    });
    const registry = createBlockRegistry(loadCustomBlocks({ folder, trusted: true }).blocks);
    const messages: string[] = [];
    for (const type of ['ReturnsText', 'Throws', 'Unwrapped']) {
      const sink = new MemorySink();
      const summary = await runJob({ jobId: 'j', blocks: [spec('b', type)], seeds: [{ repetitions: 2, metadata: {} }], registry, llm: new ScriptedLlm(), sink, concurrency: 1 });
      assert.equal(summary.status, 'completed');
      assert.equal(summary.failed, 2, type);
      messages.push(sink.results[0].error?.message ?? '');
    }
    assert.match(messages[0], /Block 'b' \(ReturnsText\) failed: custom block ReturnsText\.js: execute must resolve to \{ output: \{ field: value, … \} \}, got the string "not an object"/);
    assert.match(messages[1], /Block 'b' \(Throws\) failed: quota exceeded/);
    assert.match(messages[2], /got an object with keys a\. Wrap the values: return \{ output: \{ … \} \}/);
  });
});
