/**
 * What StructureSampler learns from the seed samples: categorical marginals, conditionals of a child field given its
 * parents' values, numeric ranges, and exemplars. Pure functions, so the statistics can be tested without a block.
 */
import { sampleWithoutReplacement, type Random } from './seededRandom';

export type Sample = Record<string, unknown>;

/** A discrete distribution; values keep first-seen order so a seeded run is reproducible. */
export interface Distribution {
  values: unknown[];
  probabilities: number[];
}

export interface NumericStats {
  min: number;
  max: number;
  mean: number;
}

export interface SamplerProfile {
  marginals: Map<string, Distribution>;
  /** Keyed by `conditionalKey(child, parents, parentValues)`. */
  conditionals: Map<string, Distribution>;
  numeric: Map<string, NumericStats>;
  /** Up to MAX_EXEMPLARS random samples, the fallback when no sample matches a skeleton. */
  exemplars: Sample[];
  /** Samples grouped by their values of all categorical fields (`combinationKey`). */
  byCombination: Map<string, Sample[]>;
  warnings: string[];
}

export interface SamplerSpec {
  categorical: string[];
  numeric: string[];
  /** child → parents */
  dependencies: Record<string, string[]>;
}

const MAX_EXEMPLARS = 5;

/** Values are compared by their JSON text, so 1 and "1" stay different categories while equal objects match. */
function valueKey(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

export function conditionalKey(child: string, parents: readonly string[], parentValues: readonly unknown[]): string {
  return `${child}|${parents.map((p, i) => `${p}=${valueKey(parentValues[i])}`).join(',')}`;
}

export function combinationKey(sample: Sample, fields: readonly string[]): string {
  return fields.map((f) => valueKey(sample[f] ?? null)).join('\u0000');
}

/** A field is "present" unless it is missing or null: absent values must not become a category of their own. */
function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function distributionOf(values: readonly unknown[]): Distribution {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const v of values) {
    const key = valueKey(v);
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { value: v, count: 1 });
  }
  const entries = [...counts.values()];
  return { values: entries.map((e) => e.value), probabilities: entries.map((e) => e.count / values.length) };
}

export function learnProfile(samples: readonly Sample[], spec: SamplerSpec, random: Random): SamplerProfile {
  const warnings: string[] = [];
  const marginals = new Map<string, Distribution>();
  for (const field of spec.categorical) {
    const values = samples.map((s) => s[field]).filter(present);
    if (values.length === 0) throw new Error(`categorical field '${field}' has no value in any sample`);
    marginals.set(field, distributionOf(values));
  }

  const conditionals = new Map<string, Distribution>();
  for (const [child, parents] of Object.entries(spec.dependencies)) {
    const groups = new Map<string, unknown[]>();
    for (const s of samples) {
      if (!present(s[child]) || !parents.every((p) => present(s[p]))) continue;
      const key = conditionalKey(child, parents, parents.map((p) => s[p]));
      const group = groups.get(key) ?? [];
      group.push(s[child]);
      groups.set(key, group);
    }
    for (const [key, values] of groups) conditionals.set(key, distributionOf(values));
  }

  const numeric = new Map<string, NumericStats>();
  for (const field of spec.numeric) {
    const raw = samples.map((s) => s[field]).filter(present);
    const values = raw.map(toNumber).filter((n): n is number => n !== undefined);
    if (values.length < raw.length) {
      warnings.push(`numeric field '${field}': ${raw.length - values.length} non-numeric value(s) ignored`);
    }
    if (values.length === 0) {
      warnings.push(`numeric field '${field}' has no numeric value in any sample; no range hint for it`);
      continue;
    }
    numeric.set(field, {
      min: Math.min(...values),
      max: Math.max(...values),
      mean: values.reduce((s, v) => s + v, 0) / values.length,
    });
  }

  const byCombination = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = combinationKey(s, spec.categorical);
    const group = byCombination.get(key) ?? [];
    group.push(s);
    byCombination.set(key, group);
  }

  return { marginals, conditionals, numeric, exemplars: sampleWithoutReplacement(random, samples, MAX_EXEMPLARS), byCombination, warnings };
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export type OrderResult = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/**
 * Orders fields so every parent comes before its children (Kahn's algorithm; ties keep the configured order so a
 * seed reproduces). On a cycle, returns one cycle's fields, each depending on the next, e.g. [a, b, a].
 */
export function dependencyOrder(fields: readonly string[], dependencies: Readonly<Record<string, string[]>>): OrderResult {
  const parentsOf = (f: string): string[] => dependencies[f] ?? [];
  const placed = new Set<string>();
  const order: string[] = [];
  let progress = true;
  while (progress && order.length < fields.length) {
    progress = false;
    for (const f of fields) {
      if (!placed.has(f) && parentsOf(f).every((p) => placed.has(p))) {
        placed.add(f);
        order.push(f);
        progress = true;
      }
    }
  }
  if (order.length === fields.length) return { ok: true, order };
  // Every unplaced field has an unplaced parent, so following parents must revisit a field: that loop is a cycle.
  const path: string[] = [];
  let current = fields.find((f) => !placed.has(f)) as string;
  while (!path.includes(current)) {
    path.push(current);
    current = parentsOf(current).find((p) => !placed.has(p)) as string;
  }
  return { ok: false, cycle: [...path.slice(path.indexOf(current)), current] };
}
