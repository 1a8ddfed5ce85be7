// A job generated in the extension host for a suite to review or export, and the Review panel's protocol called as
// its webview does (the Review and Export formats suites share both).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRow } from '../../src/core/store/storeTypes';
import { RpcHost } from '../../src/host/rpcHost';
import type { HostToWebview } from '../../src/shared/rpc';
import type { ReviewEvents, ReviewMethods } from '../../src/shared/reviewProtocol';
import { extensionApi, workspaceUri } from './hostTestKit';

/**
 * Writes `seeds` into the workspace as `seedsName`, runs Generate on the workspace pipeline `pipelineName` with it
 * (the suite's fake model answers) and reads the job back.
 */
export async function generateJob(pipelineName: string, seedsName: string, seeds: readonly unknown[]): Promise<JobRow> {
  await vscode.workspace.fs.writeFile(workspaceUri(seedsName), new TextEncoder().encode(JSON.stringify(seeds)));
  await vscode.commands.executeCommand('datagenflow.generate', workspaceUri(pipelineName), workspaceUri(seedsName));
  const job = (await (await extensionApi()).services.store.get()).store.listJobs()[0];
  assert.ok(job && job.pipelinePath === pipelineName && job.seedsPath === seedsName, 'the job is stored');
  return job;
}

/** The Review panel's real handlers (workbench actions included) behind an RpcHost, called as the webview would. */
export async function reviewProtocol() {
  const api = await extensionApi();
  const sent: HostToWebview<ReviewEvents>[] = [];
  const host = new RpcHost<ReviewMethods, ReviewEvents>((m) => void sent.push(m), api.review.handlers());
  await host.receive({ kind: 'ready' });
  let id = 0;
  return async <K extends keyof ReviewMethods & string>(method: K, params: ReviewMethods[K]['params']): Promise<ReviewMethods[K]['result']> => {
    const rid = ++id;
    await host.receive({ kind: 'request', id: rid, method, params });
    const reply = sent.find((m) => m.kind === 'reply' && m.id === rid);
    assert.ok(reply && reply.kind === 'reply', `a reply to ${method}`);
    if (!reply.ok) assert.fail(`${method} failed: ${reply.error.message}`);
    return reply.result as ReviewMethods[K]['result'];
  };
}
