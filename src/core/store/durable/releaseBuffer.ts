import { MessageChannel } from 'node:worker_threads';

/**
 * Frees a large buffer's memory now rather than at the next full garbage collection. A snapshot (`export()`) is a
 * fresh copy of the whole database; left to the collector, the previous one was often still resident when the next
 * was made, two copies beside the live database (36 MB each for 200,000 records). Transferring the ArrayBuffer into
 * a message that is never received detaches it here (the view's length becomes 0) and its memory goes with the
 * closed ports. Best effort: a buffer that cannot be transferred is left to the collector.
 */
export function releaseBuffer(data: Uint8Array): void {
  const { buffer } = data;
  if (!(buffer instanceof ArrayBuffer)) return; // shared memory is never ours alone
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(null, [buffer]);
  } catch {
    // Not transferable (WebAssembly memory): the collector frees it.
  } finally {
    port1.close();
    port2.close();
  }
}
