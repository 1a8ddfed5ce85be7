import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from 'openai';
import { LlmError } from '../errors';
import { ResponseTooLargeError } from './responseBudget';
import { parseRetryAfter } from './retryAfter';

/** What a message needs to say where a failed request went. */
export interface RequestContext {
  baseUrl: string;
  /** Model id sent to the endpoint. */
  model: string;
  /** Name of the configuration, for hints that point at settings. */
  configName?: string;
  timeoutMs?: number;
  /** Whether an API key was sent; an auth failure without one needs a different hint. */
  keySet?: boolean;
  /** Strings never to repeat in a message (API keys): servers sometimes echo the key they rejected. */
  secrets?: readonly string[];
}

const MAX_DETAIL_CHARS = 300;

/**
 * Maps whatever the `openai` SDK (or fetch under it) threw into an `LlmError` whose kind drives the retry policy
 * and whose message names the endpoint and model and says what to do. `signal` decides abort vs. timeout: both
 * end in an aborted fetch, only the caller's signal says which.
 */
export function toLlmError(error: unknown, ctx: RequestContext, signal?: AbortSignal): LlmError {
  if (error instanceof LlmError) {
    return error;
  }
  const where = `${ctx.baseUrl} (model ${ctx.model})`;
  const make = (kind: LlmError['kind'], message: string, status?: number, retryAfterMs?: number): LlmError =>
    new LlmError(kind, redact(message, ctx.secrets), status, retryAfterMs, { cause: error });

  if (signal?.aborted || error instanceof APIUserAbortError) {
    return make('aborted', `Request to ${where} was cancelled.`);
  }
  if (isNamed(error, 'AbortError')) {
    // An abort nobody asked for (the caller's signal is live) can only be a deadline firing inside fetch.
    return signal ? make('timeout', timeoutMessage(where, ctx)) : make('aborted', `Request to ${where} was cancelled.`);
  }
  const tooLarge = causeChain(error).find((cause): cause is ResponseTooLargeError => cause instanceof ResponseTooLargeError);
  if (tooLarge) {
    return make('invalid-response', `${where} sent a ${tooLarge.message}; the request failed rather than hold it in memory. Lower the block's max tokens, or check the endpoint.`);
  }
  // Subclass of APIConnectionError: test it first.
  if (error instanceof APIConnectionTimeoutError) {
    return make('timeout', timeoutMessage(where, ctx));
  }
  if (error instanceof APIConnectionError) {
    return connectionError(error, where, make);
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return statusError(error, error.status, where, ctx, make);
  }
  if (error instanceof SyntaxError) {
    // The SDK calls JSON.parse on a 200 with a JSON content type; a truncated or garbled body lands here.
    return make('invalid-response', `${where} returned a body that is not valid JSON (${error.message}). ${NOT_OPENAI_HINT}`);
  }
  if (error instanceof TypeError && isTransportFailure(error)) {
    // Undici reports a socket closed while reading the body as TypeError('terminated'), outside the SDK's wrapping.
    return connectionError(error, where, make);
  }
  const detail = error instanceof Error ? error.message : String(error);
  const origin = error instanceof OpenAIError ? 'the OpenAI client failed' : 'unexpected failure';
  return make('invalid-response', `Request to ${where}: ${origin}: ${truncate(detail)}.`);
}

const FORMAT_WORDS = /response_format|json_schema|structured output/i;

/**
 * Whether a failed request was refused because the endpoint does not support the asked `response_format` (a 4xx
 * naming it, e.g. OpenAI's `param: "response_format"` or "json_schema is not supported"). Only this justifies
 * asking again in a weaker format; 5xx, timeouts and dropped connections say nothing about the format.
 */
export function rejectsResponseFormat(error: LlmError): boolean {
  if (error.kind !== 'bad-request') return false;
  const original: unknown = error.cause;
  if (original instanceof APIError && typeof original.status === 'number') {
    return original.param === 'response_format' || FORMAT_WORDS.test(serverDetail(original, original.status) ?? '');
  }
  return FORMAT_WORDS.test(error.message);
}

/** The caller's signal fired (while queued, waiting to retry or mid-request). */
export function abortedError(ctx: RequestContext): LlmError {
  return new LlmError('aborted', `Request to ${ctx.baseUrl} (model ${ctx.model}) was cancelled.`);
}

/** The response parsed but is not the shape the OpenAI API promises (no choices, non-JSON text, ...). */
export function invalidResponse(ctx: RequestContext, what: string): LlmError {
  return new LlmError('invalid-response', redact(`${ctx.baseUrl} (model ${ctx.model}) returned ${what}. ${NOT_OPENAI_HINT}`, ctx.secrets));
}

const NOT_OPENAI_HINT = 'Is the baseUrl an OpenAI-compatible endpoint (usually ending in /v1)?';

type Make = (kind: LlmError['kind'], message: string, status?: number, retryAfterMs?: number) => LlmError;

function statusError(error: APIError, status: number, where: string, ctx: RequestContext, make: Make): LlmError {
  const detail = serverDetail(error, status);
  const said = detail ? `: ${detail}` : '';
  const retryAfterMs = parseRetryAfter(error.headers);
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? `the server asks to wait ${formatSeconds(retryAfterMs)}` : 'no Retry-After given';
    return make('rate-limit', `Rate limited by ${where} (HTTP 429, ${wait})${said}. Lower datagenflow.concurrency if this persists.`, status, retryAfterMs);
  }
  if (status === 401 || status === 403) {
    const hint = ctx.keySet === false
      ? `No API key is set for model '${ctx.configName ?? ctx.model}': run "DataGenFlow: Set API Key".`
      : `Check the API key of model '${ctx.configName ?? ctx.model}' ("DataGenFlow: Set API Key") and its access to this model.`;
    return make('auth', `Authentication failed at ${where} (HTTP ${status})${said}. ${hint}`, status);
  }
  if ((status === 404 || status === 400) && saysModelUnknown(error, detail)) {
    return make(
      'not-found',
      `Model '${ctx.model}' is unknown to ${ctx.baseUrl} (HTTP ${status})${said}. Check the model id in settings datagenflow.models ` +
        '(for Ollama: `ollama pull <model>`).',
      status,
    );
  }
  if (status === 404) {
    return make('not-found', `Not found at ${where} (HTTP 404)${said}. Check the baseUrl: OpenAI-compatible APIs usually end in /v1.`, status);
  }
  if (status === 408) {
    return make('timeout', `${where} timed out the request (HTTP 408)${said}.`, status);
  }
  if (status >= 500) {
    return make('server', `${where} failed with HTTP ${status}${said}.`, status, retryAfterMs);
  }
  if (status >= 400) {
    return make('bad-request', `${where} rejected the request (HTTP ${status})${said}. Check the block's settings (response format, max tokens, messages).`, status);
  }
  return make('invalid-response', `${where} answered with unexpected HTTP ${status}${said}. ${NOT_OPENAI_HINT}`, status);
}

/** A connection failure no retry can fix: fetch refuses the port, or the TLS certificate is wrong. */
export function isPermanentConnectionFailure(error: LlmError): boolean {
  return error.kind === 'connection' && causeChain(error.cause).some((cause) => {
    const code = readString(cause, 'code');
    return readString(cause, 'message') === 'bad port' || (code !== undefined && TLS_CODE.test(code));
  });
}

const TLS_CODE = /^(CERT_|ERR_TLS|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_SSL)/;

function connectionError(error: Error, where: string, make: Make): LlmError {
  const codes = causeChain(error).map(describeCause);
  const known = codes.find((text) => text !== undefined);
  const reason = known ?? `connection failed (${truncate(deepestMessage(error))})`;
  return make('connection', `Cannot reach ${where}: ${reason}`);
}

// Node/undici error codes, found anywhere on the cause chain, to a reason with advice.
function describeCause(error: unknown): string | undefined {
  const code = readString(error, 'code');
  const message = readString(error, 'message') ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused. Is the server running?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found. Check the baseUrl.';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || /other side closed|socket hang up/i.test(message)) {
    return 'the connection was dropped before the response was complete. Check the server (and any proxy) logs.';
  }
  if (message === 'bad port') {
    // fetch refuses ports browsers consider unsafe (1, 25, 6000, ...) before connecting at all.
    return 'fetch refuses to connect to this port (it is on the list of unsafe ports). Use another port.';
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'network unreachable. Check the network and the baseUrl.';
  if (code && TLS_CODE.test(code)) {
    return `TLS certificate problem (${code}). Check the certificate or the URL scheme.`;
  }
  return undefined;
}

function isTransportFailure(error: TypeError): boolean {
  return /^(terminated|fetch failed)$/i.test(error.message) || causeChain(error).slice(1).some((cause) => readString(cause, 'code') !== undefined);
}

function timeoutMessage(where: string, ctx: RequestContext): string {
  const after = ctx.timeoutMs !== undefined ? ` after ${formatSeconds(ctx.timeoutMs)}` : '';
  return `Request to ${where} timed out${after}. Raise datagenflow.requestTimeoutSeconds for slow models, or check the server.`;
}

function saysModelUnknown(error: APIError, detail: string | undefined): boolean {
  if (error.code === 'model_not_found') {
    return true;
  }
  const text = detail ?? '';
  return /model/i.test(text) && /(not found|does not exist|not exist|unknown|no such|not available|try pulling)/i.test(text);
}

// APIError's message is "<status> <body message>"; the body's own message is what the server meant to say.
function serverDetail(error: APIError, status: number): string | undefined {
  const body: unknown = error.error;
  const fromBody = readString(body, 'message');
  const raw = fromBody ?? error.message.replace(new RegExp(`^${status}\\s*`), '');
  if (raw === '' || raw === 'status code (no body)') {
    return undefined;
  }
  // Our messages add their own full stop after the server's words.
  return truncate(raw).replace(/[.\s]+$/, '');
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    chain.push(current);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

function deepestMessage(error: unknown): string {
  const messages = causeChain(error).map((item) => readString(item, 'message')).filter((m): m is string => !!m);
  return messages[messages.length - 1] ?? String(error);
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) {
    return undefined;
  }
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function isNamed(error: unknown, name: string): boolean {
  return readString(error, 'name') === name;
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL_CHARS ? `${oneLine.slice(0, MAX_DETAIL_CHARS)}…` : oneLine;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

export function redact(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) {
    // Very short strings would blank out ordinary words; real keys are long.
    if (secret.length >= 6) {
      out = out.split(secret).join('***');
    }
  }
  return out;
}
