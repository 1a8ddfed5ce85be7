import type { TryEvents, TryMethods } from '../../src/shared/tryProtocol';
import { createRpcClient } from '../common/rpcClient';

/** The Try app's one connection to the host. */
export const tryClient = createRpcClient<TryMethods, TryEvents>();
