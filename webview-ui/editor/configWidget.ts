// Which widget edits a config field, chosen from its schema (pure, unit-tested).
import type { CatalogueField, ConfigValueKind } from '../../src/shared/editorProtocol';

export type ConfigWidget = 'field-reference' | 'model' | 'enum' | 'boolean' | 'number' | 'template' | 'json' | 'json-or-template' | 'text';

export function configWidget(field: CatalogueField): ConfigWidget {
  const types: ConfigValueKind[] = Array.isArray(field.type) ? field.type : [field.type];
  if (field.format === 'json-or-template' || (types.length > 1 && types.includes('string') && (types.includes('object') || types.includes('array')))) return 'json-or-template';
  if (field.isFieldReference) return 'field-reference';
  if (field.modelKind) return 'model';
  if (field.enum) return 'enum';
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('integer') || types.includes('number')) return 'number';
  if (field.format === 'prompt' || field.format === 'template') return 'template';
  if (types.includes('object') || types.includes('array')) return 'json';
  return 'text';
}

/** The value a number field's text stands for; undefined = cleared (the default applies); NaN = not a number. */
export function parseNumberInput(text: string, integer: boolean): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return Number.NaN;
  return n;
}

/** JSON text → value, or the parse error with its position in words. */
export function parseJsonInput(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
