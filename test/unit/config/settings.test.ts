import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, settingsFromSettingsJson } from '../../../src/core/config/settings';

describe('settingsFromSettingsJson', () => {
  it('reads datagenflow.* keys from JSON with comments', () => {
    const s = settingsFromSettingsJson(`{
      // local
      "datagenflow.models": [{ "name": "local", "baseUrl": "http://127.0.0.1:9/v1", "model": "m", "pricePer1kInput": 0.5 }, { "bad": 1 }],
      "datagenflow.defaultModel": "local",
      "datagenflow.concurrency": 16,
      "datagenflow.requestTimeoutSeconds": 5,
      "datagenflow.maxRetries": 0,
      "editor.tabSize": 2,
    }`);
    assert.deepEqual(s.models, [{ name: 'local', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', pricePer1kInput: 0.5 }]);
    assert.equal(s.defaultModel, 'local');
    assert.equal(s.concurrency, 16);
    assert.equal(s.requestTimeoutMs, 5000);
    assert.equal(s.maxRetries, 0);
    assert.equal(s.databasePath, DEFAULT_SETTINGS.databasePath);
  });

  it('falls back to defaults for missing or invalid values', () => {
    const s = settingsFromSettingsJson('{ "datagenflow.concurrency": 0, "datagenflow.logLevel": "loud" }');
    assert.equal(s.concurrency, DEFAULT_SETTINGS.concurrency);
    assert.equal(s.logLevel, 'info');
    assert.deepEqual(s.models, []);
  });

  it('reports a broken settings file', () => {
    assert.throws(() => settingsFromSettingsJson('{ "a": '), /settings.json is not valid JSON/);
  });

  it('reads datagenflow.maxUnitsPerJob, defaulting to 1,000,000', () => {
    assert.equal(settingsFromSettingsJson('{}').maxUnitsPerJob, 1_000_000);
    assert.equal(settingsFromSettingsJson('{ "datagenflow.maxUnitsPerJob": 5000 }').maxUnitsPerJob, 5000);
    assert.equal(settingsFromSettingsJson('{ "datagenflow.maxUnitsPerJob": 0 }').maxUnitsPerJob, 1_000_000);
  });

  it('reports a settings file nested thousands of levels deep at its line and column, not with a stack overflow', () => {
    const text = `{\n  // deep\n  "x": ${'['.repeat(50_000)}${']'.repeat(50_000)}\n}`;
    assert.throws(() => settingsFromSettingsJson(text), /settings\.json:3:\d+: JSON nested deeper than 256 levels/);
  });
});
