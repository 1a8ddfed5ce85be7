// The Try panel's handlers: params checked (a webview is untrusted), then answered by the panel's actions. Free of
// the VS Code API, so the browser harness runs these exact handlers.
import { expectInteger, expectObject, expectString } from '../host/messageGuards';
import type { RpcHandlers } from '../host/rpcHost';
import type { TryMethods, TryPipelineView } from '../shared/tryProtocol';

export interface TryPanelActions {
  state(): Promise<TryPipelineView>;
  tryAgain(seedIndex: number, chunkIndex?: number): Promise<void>;
  cancel(): void;
  goToSource(blockId: string): Promise<void>;
}

export function createTryHandlers(actions: TryPanelActions): RpcHandlers<TryMethods> {
  return {
    state: { parse: () => ({}), handle: () => actions.state() },
    tryAgain: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return {
          seedIndex: expectInteger(o.seedIndex, 'params.seedIndex', 0),
          ...(o.chunkIndex === undefined ? {} : { chunkIndex: expectInteger(o.chunkIndex, 'params.chunkIndex', 0) }),
        };
      },
      handle: async ({ seedIndex, chunkIndex }) => {
        await actions.tryAgain(seedIndex, chunkIndex);
        return null;
      },
    },
    cancel: {
      parse: () => ({}),
      handle: () => {
        actions.cancel();
        return null;
      },
    },
    goToSource: {
      parse: (p) => ({ blockId: expectString(expectObject(p, 'params').blockId, 'params.blockId') }),
      handle: async ({ blockId }) => {
        await actions.goToSource(blockId);
        return null;
      },
    },
  };
}
