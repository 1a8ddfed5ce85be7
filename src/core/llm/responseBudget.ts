import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, constants as zlib } from 'node:zlib';

/** A response body over the size budget: the request fails instead of filling memory. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response larger than ${formatMiB(limitBytes)}`);
    this.name = 'ResponseTooLargeError';
  }
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The global fetch, holding the body to `maxBytes` (declared length first, then as it arrives). The body is read
 * whole before the promise resolves, so the SDK's timeout covers it as it covers the direct path's.
 */
export async function fetchWithinBudget(fetch: Fetch, input: string | URL | Request, init: RequestInit | undefined, maxBytes: number): Promise<Response> {
  const response = await fetch(input, init);
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes);
  }
  if (!response.body) return response;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return new Response(responseBytes(Buffer.concat(chunks, received)), { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** A Buffer as a Response body: node Buffers sit on a plain ArrayBuffer (never shared), which BodyInit asks for. */
export function responseBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The body as the global fetch would hand it over: gzip, deflate and br decoded (the direct path asks for none,
 * but a server may send one anyway), other codings left as they are. The decoded size is held to `maxBytes` too.
 */
export function decodeBody(raw: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const coding = encoding?.trim().toLowerCase();
  if (!coding || coding === 'identity' || raw.length === 0) return raw;
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(raw, { maxOutputLength: maxBytes, finishFlush: zlib.Z_SYNC_FLUSH });
    if (coding === 'deflate') return inflateDeflate(raw, maxBytes);
    if (coding === 'br') return brotliDecompressSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if (isCode(error, 'ERR_BUFFER_TOO_LARGE')) throw new ResponseTooLargeError(maxBytes);
    throw error;
  }
  return raw;
}

// "deflate" is zlib-wrapped by the standard, raw from some servers; the global fetch accepts both.
function inflateDeflate(raw: Buffer, maxBytes: number): Buffer {
  const wrapped = (raw[0] & 0x0f) === 8;
  return wrapped ? inflateSync(raw, { maxOutputLength: maxBytes, finishFlush: zlib.Z_SYNC_FLUSH }) : inflateRawSync(raw, { maxOutputLength: maxBytes, finishFlush: zlib.Z_SYNC_FLUSH });
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === code;
}

function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
}
