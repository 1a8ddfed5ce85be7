import * as vscode from 'vscode';
import type { JobRow } from '../core/store/storeTypes';
import { percentDone, progressMessage } from '../host/progressText';
import type { Services } from '../host/services';
import { jobContextValue, jobDescription, jobFacts, jobIcon, jobRowDescription, jobTooltipLines, readOnlyNote, type JobAbilities, type LiveProgress } from './jobPresentation';

/** One job of the Jobs view; commands invoked from its menus receive it as their first argument. */
export interface JobsTreeElement {
  kind: 'job';
  job: JobRow;
  can: JobAbilities;
  live?: LiveProgress;
}

const ICON_COLORS: Record<string, string> = {
  pass: 'testing.iconPassed',
  warning: 'list.warningForeground',
  error: 'testing.iconFailed',
};

/**
 * Jobs of the workspace database, newest first. VS Code asks for children only while the view is visible, so
 * the database opens when the view is first shown, not at activation. The read-only note and open errors go to
 * `message`, which the view shows above the items.
 */
export class JobsTreeProvider implements vscode.TreeDataProvider<JobsTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly messageChanged = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeMessage = this.messageChanged.event;
  private note: string | undefined;

  constructor(
    private readonly services: Services,
    private readonly now: () => number = Date.now,
  ) {}

  /** The read-only note or why the database could not be opened; undefined when all is well. */
  get message(): string | undefined {
    return this.note;
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: JobsTreeElement): Promise<JobsTreeElement[]> {
    if (element) return [];
    // Without a folder there is no database: the welcome view says to open one.
    if (!this.services.store.path()) {
      this.setMessage(undefined);
      return [];
    }
    try {
      const opened = await this.services.store.get();
      this.setMessage(opened.readOnly ? readOnlyNote(opened.lockedBy) : undefined);
      const running = this.services.jobs.running;
      return opened.store.listJobs().map((job) => {
        const runsHere = running !== undefined && running.jobId === job.id;
        const progress = runsHere ? running.progress : undefined;
        const live: LiveProgress | undefined = progress && { percent: percentDone(progress), total: progress.total, text: progressMessage(progress), elapsedMs: progress.elapsedMs };
        return { kind: 'job', job, can: { readOnly: opened.readOnly, runsHere }, ...(live ? { live } : {}) };
      });
    } catch (e) {
      this.services.log.error('The Jobs view could not read the database', e);
      this.setMessage(`The jobs database could not be opened: ${e instanceof Error ? e.message : String(e)} Run "DataGenFlow: Refresh Jobs" to try again; details in "DataGenFlow: Show Log".`);
      return [];
    }
  }

  getTreeItem({ job, can, live }: JobsTreeElement): vscode.TreeItem {
    // Status and counts first: the sidebar cuts a row at its edge, and the pipeline's name matters least there.
    const item = new vscode.TreeItem(jobFacts(job, live), vscode.TreeItemCollapsibleState.None);
    // A stable id keeps selection and focus on the item across refreshes.
    item.id = `job-${job.id}`;
    item.description = jobRowDescription(job, this.now());
    const icon = jobIcon(job);
    item.iconPath = new vscode.ThemeIcon(icon, ICON_COLORS[icon] ? new vscode.ThemeColor(ICON_COLORS[icon]) : undefined);
    item.contextValue = jobContextValue(job, can);
    item.tooltip = tooltip(job, live);
    item.accessibilityInformation = { label: `${job.pipelineName}, ${jobDescription(job, this.now(), live)}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.messageChanged.dispose();
  }

  private setMessage(message: string | undefined): void {
    if (message === this.note) return;
    this.note = message;
    this.messageChanged.fire(message);
  }
}

function tooltip(job: JobRow, live: LiveProgress | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(job.pipelineName).appendMarkdown(`** — job #${job.id}\n\n`);
  for (const line of jobTooltipLines(job, live)) {
    md.appendMarkdown(`${line.label}: `);
    // Values come from files and errors: never rendered as Markdown. A code span is literal except for backticks
    // (appendText's backslash escapes would show inside it), so those are swapped for a look-alike.
    if (line.code) md.appendMarkdown(`\`${line.value.replace(/[`\r\n]/g, '\u02cb')}\``);
    else md.appendText(line.value);
    md.appendMarkdown('  \n');
  }
  return md;
}
