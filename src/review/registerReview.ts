import * as vscode from 'vscode';
import { ReviewService } from '../core/review/reviewService';
import type { Services } from '../host/services';
import { jobIdOf } from '../commands/jobCommandArgs';
import { resolveJob } from '../commands/jobPick';
import type { RpcHandlers } from '../host/rpcHost';
import { REVIEW_KEY_COMMANDS, type ReviewKeyCommand, type ReviewMethods } from '../shared/reviewProtocol';
import type { ReviewKeyResult } from './reviewKeyRelay';
import { createReviewHandlers } from './reviewHandlers';
import { REVIEW_DIFF_SCHEME, ReviewDiffProvider } from './reviewDiffProvider';
import { reviewHostActions, type ReviewDialogs, type ReviewEnvironment } from './reviewHostActions';
import type { ReviewPanel, ReviewPush } from './reviewPanel';
import { REVIEW_VIEW_TYPE, ReviewPanels } from './reviewPanels';

/** What integration tests reach through DataGenFlowApi (ExtensionMode.Test only). */
export interface ReviewApi {
  /** The open Review panel, if any. */
  panel(): ReviewPanel | undefined;
  /** Replace the dialogs of Export and Delete All (tests). */
  dialogs: ReviewDialogs;
  /** A ReviewService on the window's database. */
  service: ReviewService;
  /** The panel's protocol handlers with the workbench actions (export, delete, diff, context key), for tests; no key commands are in flight there. */
  handlers(): RpcHandlers<ReviewMethods>;
  /** The serializer registered for `datagenflow.review` (tests call it as a window reload would). */
  serializer: vscode.WebviewPanelSerializer;
  /** A live update of the shown job went to the webview (tests follow a running job through it). */
  onDidPushJob: vscode.Event<ReviewPush>;
}

/**
 * DataGenFlow: Open Review (palette → pick a job with records; Jobs tree item or job id → that job), the
 * review key commands (their keybindings are contributed with `when` clauses on the panel), the serializer that
 * restores the panel after a reload, and the diff documents of "Compare with original".
 */
export function registerReview(services: Services, testHooks: boolean): { disposables: vscode.Disposable[]; api?: ReviewApi; shownJob(): number | undefined } {
  const service = new ReviewService(async () => (await services.store.get()).store);
  const diff = new ReviewDiffProvider(service);
  const dialogs: ReviewDialogs = {};
  const env: ReviewEnvironment = { services, dialogs, diff };
  const pushes = testHooks ? new vscode.EventEmitter<ReviewPush>() : undefined;
  const panels = new ReviewPanels(env, pushes && { pushedJob: (push) => pushes.fire(push) });
  // The command resolves with what became of it (the webview's outcome); tests and keybinding users can rely on a
  // key typed into a field of the panel never reviewing a record.
  const keyCommand = (command: ReviewKeyCommand) =>
    vscode.commands.registerCommand(`datagenflow.review.${command}`, async (): Promise<ReviewKeyResult | undefined> => {
      const panel = panels.active;
      if (!panel) {
        void vscode.window.showInformationMessage('Open the Review panel first: DataGenFlow: Open Review.');
        return undefined;
      }
      const result = await panel.runCommand(command);
      if (result !== 'ran') services.log.debug(`Review key "${command}" did nothing: ${result}`);
      if (result === 'not-ready' && !panel.panel.visible) void vscode.window.showInformationMessage('The Review panel is hidden: show it, then use the review keys.');
      return result;
    });
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel) => {
      panels.revive(panel);
    },
  };
  const disposables = [
    diff,
    vscode.workspace.registerTextDocumentContentProvider(REVIEW_DIFF_SCHEME, diff),
    vscode.commands.registerCommand('datagenflow.openReview', async (arg?: unknown) => {
      try {
        return await openReview(env, panels, arg);
      } catch (e) {
        services.log.error('datagenflow.openReview failed', e);
        void vscode.window.showErrorMessage(`DataGenFlow could not open the Review panel: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
    ...REVIEW_KEY_COMMANDS.map(keyCommand),
    vscode.window.registerWebviewPanelSerializer(REVIEW_VIEW_TYPE, serializer),
    panels,
  ];
  const shownJob = () => panels.active?.shownJobId;
  if (!pushes) return { disposables, shownJob };
  disposables.push(pushes);
  const handlers = () => createReviewHandlers(service, { ...reviewHostActions(env, service), commandOutcome: () => undefined });
  return { disposables, shownJob, api: { panel: () => panels.active, dialogs, service, handlers, serializer, onDidPushJob: pushes.event } };
}

/** Resolves with the job shown, or undefined when the user picked none. */
async function openReview(env: ReviewEnvironment, panels: ReviewPanels, arg: unknown): Promise<number | undefined> {
  const id = jobIdOf(arg);
  // The panel alone (e.g. from a keybinding) shows its last job; a named or picked job is shown in it.
  const picked = await resolveJob(env.services, id ?? arg, {
    title: 'Review which job?',
    refusal: (job) => (job.generated + job.failed > 0 ? undefined : `Job #${job.id} (${job.pipelineName}) has no records to review yet.`),
    none: 'No job has records to review yet: run DataGenFlow: Generate first',
  });
  if (!picked) return undefined;
  panels.show(picked.job.id);
  return picked.job.id;
}
