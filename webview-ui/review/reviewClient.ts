import type { ReviewEvents, ReviewMethods } from '../../src/shared/reviewProtocol';
import { createRpcClient } from '../common/rpcClient';

/** The Review app's one connection to the host. */
export const reviewClient = createRpcClient<ReviewMethods, ReviewEvents>();
