import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { storedEstimate } from '../../src/core/plan/planEstimate';
import { jobTooltipLines } from '../../src/jobs/jobPresentation';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { PLAN_TOKEN_COUNTING } from '../fixtures/planTokenCounting';
import { extensionApi, workspaceUri } from './hostTestKit';

describe('the plan before Generate', () => {
  const pipeline = () => workspaceUri('plan-qa.dgf.json');
  const seeds = () => workspaceUri('topics.json');
  let server: FakeOpenAiServer;
  const config = () => vscode.workspace.getConfiguration('datagenflow');
  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 5, tokens: PLAN_TOKEN_COUNTING });
    await config().update('models', [{ name: 'priced', baseUrl: server.baseUrl, model: 'fake-model', pricePer1kInput: 1, pricePer1kOutput: 2 }], vscode.ConfigurationTarget.Workspace);
    await config().update('defaultModel', 'priced', vscode.ConfigurationTarget.Workspace);
    await config().update('confirmAboveCost', 0.001, vscode.ConfigurationTarget.Workspace);
    // A pipeline file of its own: other suites' jobs of qa.dgf.json would be this plan's earlier jobs.
    await vscode.workspace.fs.copy(workspaceUri('qa.dgf.json'), pipeline(), { overwrite: true });
  });
  after(async () => {
    const { generate } = await extensionApi();
    generate.confirmCost = undefined;
    generate.finished = undefined;
    await config().update('confirmAboveCost', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(pipeline());
    await server.close();
  });


  it('asks before a run estimated above datagenflow.confirmAboveCost, showing the plan; Cancel runs nothing', async () => {
    const { services, generate } = await extensionApi();
    const store = (await services.store.get()).store;
    const jobsBefore = store.listJobs().length;
    const asked: { message: string; detail: string }[] = [];
    generate.confirmCost = (message, detail) => {
      asked.push({ message, detail });
      return false;
    };
    server.resetCounters();
    await vscode.commands.executeCommand('datagenflow.generate', pipeline(), seeds());
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /^Generating plan-qa\.dgf\.json is estimated to cost ≤ \$[\d.]+, above datagenflow\.confirmAboveCost \(\$0\.001\)\.$/);
    assert.match(asked[0].detail, /^3 unit\(s\) from \d+ seed\(s\) · 6 LLM call\(s\) · [\d,]+ input \+ ≤ [\d,]+ output tokens · cost ≤ \$[\d.]+ · time unknown \(no earlier job\) at concurrency \d+/);
    assert.match(asked[0].detail, /question\.assistant/);
    assert.equal(store.listJobs().length, jobsBefore, 'no job');
    assert.equal(server.counters.chat, 0, 'nothing sent');
  });

  it('Run runs it; the job keeps the estimate, and its summary and Jobs tooltip show estimated vs actual', async () => {
    const { services, generate } = await extensionApi();
    generate.confirmCost = () => true;
    const finished: string[] = [];
    generate.finished = (text) => finished.push(text);
    await vscode.commands.executeCommand('datagenflow.generate', pipeline(), seeds());
    const job = (await services.store.get()).store.listJobs()[0];
    assert.equal(job.status, 'completed');
    assert.equal(job.pipelinePath, 'plan-qa.dgf.json');
    const estimate = storedEstimate(job.metadata);
    assert.ok(estimate, JSON.stringify(job.metadata));
    assert.equal(estimate.units, 3);
    assert.equal(estimate.calls, 6);
    assert.equal(estimate.outputSource, 'max-tokens');
    assert.equal(finished.length, 1);
    assert.match(finished[0], / — estimated vs actual: tokens in [\d,]+ est\. \/ [\d,]+ \([+−][\d.]+%\) · out [\d,]+ \(max\) est\. \/ [\d,]+ \([+−][\d.]+%\) · cost \$[\d.]+ est\. \/ \$[\d.]+ \([+−][\d.]+%\) · time \? est\. \/ /);
    const tooltip = jobTooltipLines(job).find((l) => l.label === 'Estimated vs actual');
    assert.ok(tooltip);
    assert.match(tooltip.value, new RegExp(`^tokens in [\\d,]+ est\\. / ${job.usage.input_tokens.toLocaleString('en-US')} `));
  });

  it('the next plan uses that job: the question prompts are exact and the time is measured', async () => {
    const { services, generate } = await extensionApi();
    const asked: string[] = [];
    generate.confirmCost = (_message, detail) => {
      asked.push(detail);
      return true;
    };
    await vscode.commands.executeCommand('datagenflow.generate', pipeline(), seeds());
    const job = (await services.store.get()).store.listJobs()[0];
    const estimate = storedEstimate(job.metadata);
    assert.ok(estimate);
    assert.equal(estimate.outputSource, 'earlier-jobs');
    assert.equal(typeof estimate.timeMs, 'number');
    // Same seeds, earlier outputs in the later prompts, usage counted with the plan's tokenizer: the same input tokens.
    assert.equal(estimate.inputTokens, job.usage.input_tokens);
    assert.match(asked[0], /time [\d.]+ (ms|s) at concurrency \d+ \(from earlier jobs\)/);
  });
});
