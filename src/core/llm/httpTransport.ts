import * as http from 'node:http';
import * as https from 'node:https';
import { isLoopbackUrl, isPortFetchRefuses } from './transportRoutes';
import { BufferedHeaders, BufferedResponse } from './bufferedResponse';
import { decodeBody, fetchWithinBudget, ResponseTooLargeError } from './responseBudget';

/** The `fetch` the openai SDK is given: same signature as the global one. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Bodies the SDK sends for chat and embeddings; anything else (uploads, streams) goes to the global fetch. */
type PlainBody = string | Uint8Array | undefined;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface HttpTransportOptions {
  /** Largest response body accepted, after decompression (default 64 MiB). */
  maxResponseBytes?: number;
  /** Where requests the direct path does not take go (default: the global fetch). */
  fallback?: FetchLike;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * A fetch for the openai SDK that sends requests to loopback endpoints (local servers: Ollama, llama.cpp, vLLM on
 * this machine) over node:http with keep-alive agents and returns the whole body at once, skipping the global
 * fetch's web streams: about a third less CPU per request, which is what a local server at high concurrency is
 * bound by. Everything else takes the global fetch as before, so what VS Code adds to it (the user's proxy,
 * system certificates) still applies to remote endpoints; no proxy applies to loopback, and VS Code keeps an
 * extension's own agent there. Both paths hold a response to `maxResponseBytes`. Errors take the global fetch's
 * shapes (TypeError 'fetch failed' with the socket error as cause, the signal's reason on abort), so the SDK and
 * errorMapping treat them the same. Ports the global fetch refuses and redirects are left to it.
 */
export class HttpTransport {
  readonly fetch: FetchLike;
  private readonly httpAgent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, scheduling: 'lifo' });
  private readonly maxBytes: number;
  private readonly fallback: FetchLike;

  constructor(options: HttpTransportOptions = {}) {
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const fallback = options.fallback ?? ((input, init) => globalThis.fetch(input, init));
    this.fallback = (input, init) => fetchWithinBudget(fallback, input, init, this.maxBytes);
    this.fetch = (input, init) => this.send(input, init);
  }

  /** Closes idle keep-alive sockets (they never hold the process open: the agents unref them). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private send(input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
    const url = typeof input === 'string' ? safeUrl(input) : input instanceof URL ? input : undefined;
    const body = init?.body ?? undefined;
    if (!url || !isLoopbackUrl(url) || isPortFetchRefuses(url) || !isPlainBody(body) || (init?.redirect !== undefined && init.redirect !== 'follow')) {
      return this.fallback(input, init);
    }
    return this.direct(url, init ?? {}, body).then((response) => response ?? this.fallback(input, init));
  }

  /** Resolves undefined for a redirect: the global fetch then repeats the request and follows it as it always did. */
  private direct(url: URL, init: RequestInit, body: PlainBody): Promise<Response | undefined> {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const headers = requestHeaders(init.headers);
    if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    const secure = url.protocol === 'https:';
    const options: http.RequestOptions = {
      method: init.method ?? 'GET',
      headers,
      agent: secure ? this.httpsAgent : this.httpAgent,
    };
    return new Promise<Response | undefined>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, response?: Response): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve(response);
        else reject(error);
      };
      const fail = (error: unknown): void => {
        req.destroy();
        finish(error);
      };
      const onAbort = (): void => fail(abortReason(signal));
      const req = (secure ? https : http).request(url, options, (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status) && res.headers.location !== undefined) {
          res.resume();
          finish(undefined, undefined);
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (declared > this.maxBytes) {
          fail(new ResponseTooLargeError(this.maxBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > this.maxBytes) fail(new ResponseTooLargeError(this.maxBytes));
          else chunks.push(chunk);
        });
        res.on('error', (error) => fail(transportError(error)));
        // A socket closed mid-body: the global fetch says 'terminated'; the cause keeps the code errorMapping reads.
        res.on('close', () => {
          if (!res.complete) fail(transportError(Object.assign(new Error('other side closed'), { code: 'ECONNRESET' })));
        });
        res.on('end', () => {
          if (settled) return;
          try {
            const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
            const decoded = decodeBody(raw, res.headers['content-encoding'], this.maxBytes);
            const responseBody = NULL_BODY_STATUSES.has(status) ? null : decoded;
            const response = new BufferedResponse(responseBody, status, res.statusMessage ?? '', new BufferedHeaders(res.rawHeaders), url.href);
            // The subset of Response the SDK reads (bufferedResponse.ts), without undici's streams.
            finish(undefined, response as unknown as Response);
          } catch (error) {
            finish(error instanceof ResponseTooLargeError ? error : transportError(error));
          }
        });
      });
      req.on('error', (error) => fail(transportError(error)));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  }
}

let shared: HttpTransport | undefined;

/** One transport per process: its keep-alive pools serve every client, as the global fetch's pool did. */
export function sharedHttpTransport(): HttpTransport {
  shared ??= new HttpTransport();
  return shared;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isPlainBody(body: unknown): body is PlainBody {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

function requestHeaders(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (init === undefined) return out;
  const pairs: Iterable<[string, string]> = init instanceof Headers ? init.entries() : Array.isArray(init) ? (init as [string, string][]) : Object.entries(init);
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}


function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

// The global fetch's shape for a network failure: the SDK wraps it as a connection error and errorMapping reads
// the socket's code (ECONNREFUSED, ECONNRESET, TLS codes) from the cause.
function transportError(error: unknown): TypeError {
  return new TypeError('fetch failed', { cause: withTlsCode(error) });
}

const OPENSSL_REASON = /SSL routines:[^:]*:([^:]+):/;

// node:http writes the request before the TLS handshake ends, so a handshake that fails at the protocol level (a
// plain-HTTP server on an https URL) surfaces as `write EPROTO` with OpenSSL's words; the global fetch waits for
// the handshake and reports Node's code for them (ERR_SSL_WRONG_VERSION_NUMBER). Give the error that code.
function withTlsCode(error: unknown): unknown {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'EPROTO') return error;
  const reason = OPENSSL_REASON.exec(error.message)?.[1];
  if (!reason) return error;
  return Object.assign(new Error(reason, { cause: error }), { code: `ERR_SSL_${reason.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}` });
}
