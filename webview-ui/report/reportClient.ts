import type { ReportEvents, ReportMethods } from '../../src/shared/reportProtocol';
import { createRpcClient } from '../common/rpcClient';

/** The Report app's one connection to the host. */
export const reportClient = createRpcClient<ReportMethods, ReportEvents>();
