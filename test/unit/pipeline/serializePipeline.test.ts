import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import { fakeRegistry } from './fakeRegistry';

const wellFormatted = `{
  "version": 1,
  "name": "Q&A",
  "description": "Questions from docs",
  "blocks": [
    {
      "id": "gen",
      "type": "TextGenerator",
      "name": "Ask",
      "config": {
        "user_prompt": "Ask about {{ content }}",
        "temperature": 0.7
      },
      "position": {
        "x": 100,
        "y": 50.5
      },
      "color": "blue"
    }
  ],
  "edges": [
    {
      "source": "start",
      "target": "gen"
    },
    {
      "source": "gen",
      "target": "end",
      "label": "done"
    }
  ],
  "constraints": {
    "max_total_tokens": 10000,
    "max_total_execution_time": null
  },
  "layout": {
    "start": {
      "x": 0,
      "y": 0
    },
    "end": {
      "x": 300,
      "y": 0
    }
  },
  "owner": "data-team",
  "tags": [
    "qa",
    "docs"
  ]
}
`;

describe('serializePipeline', () => {
  it('gives back the identical text for a well-formatted file (parse → serialize)', () => {
    const parsed = parsePipeline(wellFormatted, fakeRegistry());
    assert.deepEqual(parsed.problems, []);
    assert.equal(serializePipeline(parsed.pipeline as PipelineFile), wellFormatted);
  });

  it('puts known keys in a fixed order and unknown keys after them in their original order', () => {
    const messy = JSON.parse(
      '{"zeta":1,"edges":[{"target":"end","x":1,"source":"start"}],"blocks":[{"position":{"y":2,"x":1},"extra":true,"config":{"b":1,"a":2},"type":"T","id":"a"}],"name":"n","alpha":2,"version":1}',
    ) as PipelineFile;
    const text = serializePipeline(messy);
    const reparsed = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(reparsed), ['version', 'name', 'blocks', 'edges', 'zeta', 'alpha']);
    const [blockValue] = reparsed.blocks as Record<string, unknown>[];
    assert.deepEqual(Object.keys(blockValue), ['id', 'type', 'config', 'position', 'extra']);
    assert.deepEqual(Object.keys(blockValue.config as object), ['b', 'a'], 'config keeps its own order');
    assert.deepEqual(Object.keys(blockValue.position as object), ['x', 'y']);
    assert.deepEqual(Object.keys((reparsed.edges as object[])[0]), ['source', 'target', 'x']);
  });

  it('uses 2-space indentation and ends with a newline', () => {
    const text = serializePipeline({ version: 1, name: 'x', blocks: [], edges: [] });
    assert.equal(text, '{\n  "version": 1,\n  "name": "x",\n  "blocks": [],\n  "edges": []\n}\n');
  });

  it('is stable: serializing twice gives the same text', () => {
    const once = serializePipeline(JSON.parse(wellFormatted) as PipelineFile);
    assert.equal(serializePipeline(JSON.parse(once) as PipelineFile), once);
  });

  it('keeps an unknown "__proto__" key as data', () => {
    const value = JSON.parse('{"version":1,"name":"x","blocks":[],"edges":[],"__proto__":{"polluted":true}}') as PipelineFile;
    const text = serializePipeline(value);
    assert.match(text, /"__proto__": \{\n {4}"polluted": true\n {2}\}/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('puts "$schema" first when present', () => {
    const text = serializePipeline({ name: 'x', version: 1, blocks: [], edges: [], $schema: './schema.json' });
    assert.ok(text.startsWith('{\n  "$schema": "./schema.json",\n  "version": 1,'));
  });
});
