import type { PromptPreview, PreviewRequest, UpstreamSource } from './previewTypes';

export interface PreviewHeader {
  pipelineFile: string;
  seedFile: string;
  seedCount: number;
  /** A short label of the seed (see seedLabel). */
  seedLabel: string;
}

/**
 * The preview as a read-only document: a header (block, seed, where earlier fields came from), then each request
 * with its system prompt, user prompt and json_schema exactly as they would be sent, or the render error.
 */
export function previewText(preview: PromptPreview, header: PreviewHeader): string {
  const name = preview.blockName ? `${preview.blockName} (${preview.blockId}, ${preview.blockType})` : `${preview.blockId} (${preview.blockType})`;
  const out: string[] = [
    `Preview · block ${name} · seed ${preview.seedIndex + 1} of ${header.seedCount}: ${header.seedLabel}`,
    `Pipeline ${header.pipelineFile} · seeds ${header.seedFile}${preview.chunk ? ` · chunk ${preview.chunk.index + 1} of ${preview.chunk.count}` : ''} · nothing is sent`,
  ];
  const upstream = preview.upstream.map(upstreamLine).filter((l): l is string => l !== undefined);
  if (upstream.length > 0) out.push('', 'Fields from earlier blocks:', ...upstream);
  if (preview.error) {
    const where = [preview.error.field, preview.error.templateLine !== undefined ? `template line ${preview.error.templateLine}` : undefined, preview.error.range ? `${header.pipelineFile}:${preview.error.range.line}:${preview.error.range.column}` : undefined]
      .filter(Boolean)
      .join(' · ');
    out.push('', `✖ Render error${where ? ` (${where})` : ''}:`, preview.error.message);
  }
  if (preview.requests.length === 0 && !preview.error) out.push('', 'This block sends no request to a model for this seed.');
  preview.requests.forEach((r, i) => out.push('', ...requestLines(r, preview.requests.length > 1 ? i + 1 : undefined)));
  return `${out.join('\n')}\n`;
}

function upstreamLine(source: UpstreamSource): string | undefined {
  const fields = source.placeholders.join(', ');
  switch (source.kind) {
    case 'previous':
      return `  ${source.blockId}: from the ${source.detail ?? 'last try'} of this seed`;
    case 'placeholder':
      return `  ${source.blockId}: ${fields} shown as ⟨answer from block "${source.blockId}"⟩ (no try of this seed yet)`;
    case 'failed':
      return `  ${source.blockId}: failed in the preview (${source.detail ?? 'error'}); ${fields || 'its outputs'} shown as placeholders`;
    case 'computed':
      return undefined;
  }
}

function requestLines(request: PreviewRequest, number: number | undefined): string[] {
  const params = [
    `model ${request.model ?? '(default)'}`,
    request.temperature !== undefined ? `temperature ${request.temperature}` : undefined,
    request.maxTokens !== undefined ? `max_tokens ${request.maxTokens}` : undefined,
    request.responseFormat ? `response_format ${request.responseFormat.type}` : undefined,
  ].filter(Boolean);
  const lines = [`━━━━ ${request.kind === 'embed' ? 'Embedding request' : 'Request'}${number !== undefined ? ` ${number}` : ''} · ${params.join(' · ')}`];
  if (request.system !== undefined) lines.push('──── system ────', request.system);
  for (const m of request.otherMessages) lines.push(`──── ${m.role} ────`, m.content);
  if (request.user !== undefined) lines.push('──── user ────', request.user);
  if (request.responseFormat?.type === 'json_schema') lines.push('──── json_schema ────', JSON.stringify(request.responseFormat.json_schema, null, 2));
  if (request.input) request.input.forEach((text, i) => lines.push(`──── input ${i + 1} ────`, text));
  return lines;
}

const LABEL_LENGTH = 60;

/** A seed's short label: its first string fields, `key: value`, cut to one line. */
export function seedLabel(metadata: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (text !== undefined) parts.push(`${key}: ${text.replace(/\s+/g, ' ').trim()}`);
    if (parts.join(' · ').length > LABEL_LENGTH) break;
  }
  const label = parts.join(' · ') || '(no text fields)';
  return label.length > LABEL_LENGTH ? `${label.slice(0, LABEL_LENGTH - 1)}…` : label;
}
