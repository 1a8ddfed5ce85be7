import type { ExportFormat, ExportMappingForm } from '../../src/shared/exportProtocol';

/** One text field of the export mapping form: the key it sets in `exports.<format>`, and what it means. */
export interface MappingField {
  key: string;
  label: string;
  placeholder: string;
  kind: 'reference' | 'text' | 'number' | 'columns';
}

const CHAT: MappingField[] = [
  { key: 'messages', label: 'messages (list of {role, content})', placeholder: 'messages', kind: 'reference' },
  { key: 'user', label: 'or user (single turn)', placeholder: 'question', kind: 'reference' },
  { key: 'assistant', label: 'and assistant', placeholder: 'answer', kind: 'reference' },
  { key: 'system', label: 'system message (text, optional)', placeholder: 'You are a helpful assistant.', kind: 'text' },
];
const TABLE: MappingField[] = [{ key: 'columns', label: 'columns (one per line: name: field)', placeholder: 'question: question\nanswer: answer\ntopic: $metadata.topic', kind: 'columns' }];

/** The form's fields for a format (none for DataGenFlow's own JSONL, which is not mapped). */
export function mappingFields(format: ExportFormat): MappingField[] {
  switch (format) {
    case 'openai_chat':
    case 'sharegpt':
      return CHAT;
    case 'alpaca':
      return [
        { key: 'instruction', label: 'instruction', placeholder: 'question', kind: 'reference' },
        { key: 'input', label: 'input (optional)', placeholder: '$metadata.context', kind: 'reference' },
        { key: 'output', label: 'output', placeholder: 'answer', kind: 'reference' },
      ];
    case 'csv':
    case 'parquet':
      return TABLE;
    case 'huggingface':
      return [
        ...TABLE,
        { key: 'splits.train', label: 'train ratio', placeholder: '0.8', kind: 'number' },
        { key: 'splits.validation', label: 'validation ratio', placeholder: '0.1', kind: 'number' },
        { key: 'splits.test', label: 'test ratio', placeholder: '0.1', kind: 'number' },
        { key: 'seed', label: 'split seed', placeholder: '42', kind: 'number' },
        { key: 'license', label: 'license (card)', placeholder: 'cc-by-4.0', kind: 'text' },
      ];
    default:
      return [];
  }
}

/** The text a field shows for a mapping. */
export function fieldText(mapping: ExportMappingForm, field: MappingField): string {
  const value = read(mapping, field.key);
  if (field.kind === 'columns') {
    return typeof value === 'object' && value !== null ? Object.entries(value as Record<string, unknown>).map(([name, ref]) => `${name}: ${String(ref)}`).join('\n') : '';
  }
  return value === undefined || value === null ? '' : String(value);
}

/** The mapping with a field set from its text; an empty text removes the key (the default applies). */
export function withField(mapping: ExportMappingForm, field: MappingField, text: string): ExportMappingForm {
  let value: unknown;
  if (text.trim() === '') value = undefined;
  else if (field.kind === 'columns') value = parseColumns(text);
  else if (field.kind === 'number') value = Number.isFinite(Number(text)) ? Number(text) : text;
  else value = field.kind === 'reference' ? text.trim() : text;
  const [head, tail] = field.key.split('.');
  const next = { ...mapping };
  if (tail === undefined) set(next, head, value);
  else {
    const inner = { ...((typeof next[head] === 'object' && next[head] !== null ? next[head] : {}) as Record<string, unknown>) };
    set(inner, tail, value);
    set(next, head, Object.keys(inner).length ? inner : undefined);
  }
  return next;
}

/** `name: field` lines → {name: field}; a line without a colon names a field exported under its own name. */
export function parseColumns(text: string): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = (colon < 0 ? line : line.slice(0, colon)).trim();
    const ref = (colon < 0 ? line : line.slice(colon + 1)).trim();
    if (name) columns[name] = ref;
  }
  return columns;
}

function read(mapping: ExportMappingForm, key: string): unknown {
  const [head, tail] = key.split('.');
  const value = mapping[head];
  if (tail === undefined) return value;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[tail] : undefined;
}

function set(object: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete object[key];
  else object[key] = value;
}
