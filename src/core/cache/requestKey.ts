import { createHash } from 'node:crypto';
import type { ChatRequest, EmbedRequest, ModelConfig } from '../llm/llmTypes';

/** Where a call goes: the endpoint and the model id sent to it (never a key or a header). */
export type CallTarget = Pick<ModelConfig, 'baseUrl' | 'model'>;

/**
 * The hash of everything that decides a call's answer: endpoint, model id, messages, parameters, response format
 * (or the embedding inputs). The model's configured name is left out: renaming a configuration changes no answer.
 */
export function requestHash(target: CallTarget, call: { kind: 'chat'; request: ChatRequest } | { kind: 'embed'; request: EmbedRequest }): string {
  const { model: _name, ...request } = call.request;
  return sha256(canonicalJson({ v: 1, kind: call.kind, baseUrl: target.baseUrl.replace(/\/+$/, ''), model: target.model, request }));
}

/**
 * The stored answer's key: the request, the unit it belongs to (so repetitions of a seed stay different samples),
 * and how many identical requests the unit made before it (so two identical calls in one unit stay distinct).
 */
export function answerKey(request: string, unitKey: string, occurrence: number): string {
  return sha256(canonicalJson({ request, unit: unitKey, occurrence }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted and undefined members left out, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
