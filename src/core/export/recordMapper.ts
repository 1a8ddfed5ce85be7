import type { JsonObject } from '../store/storeTypes';
import { chatMessages, fail, requiredText, type Mapped } from './chatMessages';
import { describeType } from './describeType';
import type { AlpacaMapping, ChatMapping, ColumnMapping } from './exportMapping';
import { readReference, type MappableRecord } from './fieldReference';

/** One record as one output row of a format (a JSON line, or a table row), or why it cannot be. */
export type RecordMapper = (record: MappableRecord) => Mapped<JsonObject>;

/** A mapping with every default filled in (see resolveMapping). */
export type ResolvedMapping =
  | { format: 'openai_chat' | 'sharegpt'; chat: ChatMapping }
  | { format: 'alpaca'; alpaca: AlpacaMapping }
  | { format: 'csv' | 'parquet' | 'huggingface'; columns: ColumnMapping };

const SHAREGPT_FROM = { system: 'system', user: 'human', assistant: 'gpt' } as const;

export function recordMapper(mapping: ResolvedMapping): RecordMapper {
  switch (mapping.format) {
    case 'openai_chat':
      return (record) => then(chatMessages(record, mapping.chat), (messages) => ({ messages }));
    case 'sharegpt':
      return (record) => then(chatMessages(record, mapping.chat), (messages) => ({ conversations: messages.map((m) => ({ from: SHAREGPT_FROM[m.role], value: m.content })) }));
    case 'alpaca':
      return (record) => alpacaRow(record, mapping.alpaca);
    default:
      return (record) => tableRow(record, mapping.columns);
  }
}

function alpacaRow(record: MappableRecord, mapping: AlpacaMapping): Mapped<JsonObject> {
  const instruction = requiredText(record, mapping.instruction);
  if (!instruction.ok) return instruction;
  let input = '';
  if (mapping.input !== undefined && mapping.input !== '') {
    const value = readReference(record, mapping.input);
    if (typeof value !== 'string') return fail(`\`${mapping.input}\` is ${describeType(value)}, not text`);
    input = value;
  }
  const output = requiredText(record, mapping.output);
  if (!output.ok) return output;
  return { ok: true, value: { instruction: instruction.value, input, output: output.value } };
}

function tableRow(record: MappableRecord, columns: ColumnMapping): Mapped<JsonObject> {
  const row: JsonObject = {};
  for (const [column, reference] of Object.entries(columns)) {
    const value = readReference(record, reference);
    if (value === undefined) return fail(`\`${reference}\` (column ${column}) is missing`);
    Object.defineProperty(row, column, { value, enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, value: row };
}

function then<A, B>(mapped: Mapped<A>, f: (value: A) => B): Mapped<B> {
  return mapped.ok ? { ok: true, value: f(mapped.value) } : mapped;
}

export type { Mapped };

/** Every field reference of a mapping. */
export function mappingReferences(mapping: ResolvedMapping): string[] {
  if (mapping.format === 'alpaca') return [mapping.alpaca.instruction, mapping.alpaca.output, mapping.alpaca.input ?? ''];
  if (mapping.format === 'openai_chat' || mapping.format === 'sharegpt') return [mapping.chat.messages, mapping.chat.user, mapping.chat.assistant].filter((r): r is string => r !== undefined);
  if (mapping.format === 'csv' || mapping.format === 'parquet' || mapping.format === 'huggingface') return Object.values(mapping.columns);
  return [];
}

