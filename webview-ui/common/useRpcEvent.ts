import { useEffect, useRef } from 'react';
import type { RpcEvents, RpcMethods } from '../../src/shared/rpc';
import type { RpcClient } from './rpcClient';

/** Subscribes a component to one host event for its lifetime. */
export function useRpcEvent<M extends RpcMethods, E extends RpcEvents, K extends keyof E & string>(client: RpcClient<M, E>, event: K, listener: (payload: E[K]) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(event, (p) => latest.current(p)), [client, event]);
}
