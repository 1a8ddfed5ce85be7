// The Review protocol's handlers: each request's params checked (a webview is untrusted), then answered by the
// ReviewService. Free of the VS Code API: what needs a dialog or the workbench comes in as ReviewHostActions, so the
// browser harness and the benchmark run these exact handlers.
import type { ReviewService } from '../core/review/reviewService';
import { expectArray, expectBoolean, expectInteger, expectJson, expectObject, expectOneOf, expectString, InvalidMessageError } from '../host/messageGuards';
import type { RpcHandlers } from '../host/rpcHost';
import { createReviewExportHandlers, type ReviewExportActions } from './reviewExportHandlers';
import { REVIEW_DECISIONS, REVIEW_FILTERS, REVIEW_KEY_OUTCOMES, type JsonObject, type ReviewFieldLayout, type ReviewKeyOutcome, type ReviewMethods, type ReviewPosition } from '../shared/reviewProtocol';

/** What the panel needs from the workbench: dialogs, the diff editor, context keys, the key commands in flight. */
export interface ReviewHostActions {
  exportJsonl(jobId: number, status: (typeof REVIEW_FILTERS)[number]): Promise<{ count: number; path: string } | null>;
  deleteAll(jobId: number): Promise<{ deleted: boolean; records: number }>;
  openDiff(recordId: number): Promise<void>;
  /** The block of the job's pipeline on the canvas and its template line in the text editor (trace → source). */
  goToSource(jobId: number, blockId: string): Promise<void>;
  /** Sets the keybindings' context key; resolves once it is set (the webview waits for that before keys act). */
  keysOff(off: boolean): void | Promise<void>;
  /** The webview's answer to a key command (see ReviewKeyRelay). */
  commandOutcome(id: number, outcome: ReviewKeyOutcome): void;
  /** The webview opened a job (the panel follows that job's live counts). */
  jobOpened?(jobId: number): void;
  /** The export dialog's requests; absent: they are refused. */
  exports?: ReviewExportActions;
}

const MAX_BULK = 10_000;

export function createReviewHandlers(service: ReviewService, actions: ReviewHostActions): RpcHandlers<ReviewMethods> {
  return {
    jobs: { parse: () => ({}), handle: () => service.jobs() },
    openJob: {
      parse: (p) => ({ jobId: jobIdOf(p) }),
      handle: async ({ jobId }) => {
        const view = await service.openJob(jobId);
        actions.jobOpened?.(jobId);
        return view;
      },
    },
    counts: { parse: (p) => ({ jobId: jobIdOf(p) }), handle: ({ jobId }) => service.counts(jobId) },
    page: {
      parse: (p) => ({ ...parsePosition(p, 'params'), limit: expectInteger(expectObject(p, 'params').limit, 'params.limit', 1) }),
      handle: ({ limit, ...position }) => service.page(position, limit),
    },
    record: { parse: (p) => parsePosition(p, 'params'), handle: (position) => service.recordAt(position) },
    setStatus: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        const ids = expectArray(o.ids, 'params.ids', (v, path) => expectInteger(v, path, 1));
        if (ids.length === 0 || ids.length > MAX_BULK) throw new InvalidMessageError(`params.ids must name 1 to ${MAX_BULK} records`);
        return {
          jobId: jobIdOf(o),
          ids,
          status: expectOneOf(o.status, REVIEW_DECISIONS, 'params.status'),
          ...(o.then === undefined ? {} : { then: parsePosition(o.then, 'params.then') }),
        };
      },
      handle: ({ jobId, ids, status, then }) => service.setStatus(jobId, ids, status, then),
    },
    edit: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { jobId: jobIdOf(o), recordId: expectInteger(o.recordId, 'params.recordId', 1), fields: expectJson(expectObject(o.fields, 'params.fields'), 'params.fields') as JsonObject };
      },
      handle: ({ jobId, recordId, fields }) => service.edit(jobId, recordId, fields),
    },
    undo: { parse: (p) => ({ jobId: jobIdOf(p) }), handle: ({ jobId }) => service.undo(jobId) },
    charts: { parse: (p) => ({ jobId: jobIdOf(p) }), handle: ({ jobId }) => service.charts(jobId) },
    setLayout: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { jobId: jobIdOf(o), layout: parseLayout(o.layout) };
      },
      handle: ({ jobId, layout }) => service.setLayout(jobId, layout),
    },
    exportJsonl: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { jobId: jobIdOf(o), status: expectOneOf(o.status, REVIEW_FILTERS, 'params.status') };
      },
      handle: ({ jobId, status }) => actions.exportJsonl(jobId, status),
    },
    ...createReviewExportHandlers(actions.exports),
    deleteAll: { parse: (p) => ({ jobId: jobIdOf(p) }), handle: ({ jobId }) => actions.deleteAll(jobId) },
    openDiff: { parse: (p) => ({ recordId: expectInteger(expectObject(p, 'params').recordId, 'params.recordId', 1) }), handle: ({ recordId }) => actions.openDiff(recordId) },
    goToSource: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { jobId: jobIdOf(o), blockId: expectString(o.blockId, 'params.blockId') };
      },
      handle: ({ jobId, blockId }) => actions.goToSource(jobId, blockId),
    },
    keysOff: {
      parse: (p) => ({ off: expectBoolean(expectObject(p, 'params').off, 'params.off') }),
      handle: async ({ off }) => {
        await actions.keysOff(off);
      },
    },
    commandOutcome: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { id: expectInteger(o.id, 'params.id', 1), outcome: expectOneOf(o.outcome, REVIEW_KEY_OUTCOMES, 'params.outcome') };
      },
      handle: ({ id, outcome }) => actions.commandOutcome(id, outcome),
    },
  };
}

function jobIdOf(p: unknown): number {
  return expectInteger(expectObject(p, 'params').jobId, 'params.jobId', 1);
}

export function parsePosition(p: unknown, path: string): ReviewPosition {
  const o = expectObject(p, path);
  return { jobId: expectInteger(o.jobId, `${path}.jobId`, 1), status: expectOneOf(o.status, REVIEW_FILTERS, `${path}.status`), offset: expectInteger(o.offset, `${path}.offset`, 0) };
}

export function parseLayout(value: unknown): ReviewFieldLayout {
  const o = expectObject(value, 'params.layout');
  const list = (key: 'primary' | 'secondary' | 'hidden') => expectArray(o[key], `params.layout.${key}`, (v, path) => expectString(v, path));
  const layout = { primary: list('primary'), secondary: list('secondary'), hidden: list('hidden') };
  const seen = new Set<string>();
  for (const f of [...layout.primary, ...layout.secondary, ...layout.hidden]) {
    if (seen.has(f)) throw new InvalidMessageError(`params.layout names field "${f}" twice: a field is primary, secondary or hidden`);
    seen.add(f);
  }
  return layout;
}
