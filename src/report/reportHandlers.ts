// The Report panel's handlers: params checked (a webview is untrusted), then answered by the panel's actions. Free
// of the VS Code API, so the browser harness runs these exact handlers.
import { expectInteger, expectObject, expectString } from '../host/messageGuards';
import type { RpcHandlers } from '../host/rpcHost';
import type { ReportMethods, ReportView } from '../shared/reportProtocol';

export interface ReportPanelActions {
  state(): ReportView;
  rescan(): void;
  setMetric(metric: string): void;
  openReview(jobId: number): Promise<void>;
}

export function createReportHandlers(actions: ReportPanelActions): RpcHandlers<ReportMethods> {
  return {
    state: { parse: () => ({}), handle: async () => actions.state() },
    rescan: {
      parse: () => ({}),
      handle: async () => {
        actions.rescan();
        return null;
      },
    },
    setMetric: {
      parse: (p) => ({ metric: expectString(expectObject(p, 'params').metric, 'params.metric') }),
      handle: async ({ metric }) => {
        actions.setMetric(metric);
        return null;
      },
    },
    openReview: {
      parse: (p) => ({ jobId: expectInteger(expectObject(p, 'params').jobId, 'params.jobId', 1) }),
      handle: async ({ jobId }) => {
        await actions.openReview(jobId);
        return null;
      },
    },
  };
}
