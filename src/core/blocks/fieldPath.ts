import { stateText } from './stateText';

/**
 * Field paths into the accumulated state, for the validators and metrics that read one field: a plain name
 * (`assistant`), a dotted path (`generated.question`), array indices counted from the end when negative
 * (`messages[-1].content`), every element (`messages[*].content`) and elements whose `role` is given
 * (`messages[role=assistant].content`). A state key that is itself spelled like a path (`a.b`) wins over the path.
 * Only own properties are read, so a path can never reach a prototype or constructor.
 */

type Step = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'all' } | { kind: 'role'; role: string };

const STEP = /\.?([^.[\]]+)|\[(-?\d+|\*|role=[^\]]+)\]/y;

/** The steps of a path, or undefined when it is not one (the caller then treats it as a plain key). */
function parsePath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const match = STEP.exec(path);
    if (!match || (at === 0 && path.startsWith('.'))) return undefined;
    if (match[1] !== undefined) steps.push({ kind: 'key', name: match[1] });
    else if (match[2] === '*') steps.push({ kind: 'all' });
    else if (match[2].startsWith('role=')) steps.push({ kind: 'role', role: match[2].slice(5) });
    else steps.push({ kind: 'index', index: Number(match[2]) });
  }
  return steps;
}

/** The top-level state field a path starts from (what the pipeline check looks for upstream). */
export function fieldRoot(path: string): string {
  const steps = parsePath(path);
  const first = steps?.[0];
  return first?.kind === 'key' ? first.name : path;
}

/** Whether a path selects several values (`[*]` or `[role=…]`). */
export function selectsMany(path: string): boolean {
  return parsePath(path)?.some((s) => s.kind === 'all' || s.kind === 'role') ?? false;
}

function own(value: unknown, key: string): unknown {
  // An array's own keys are its indices (`messages.0.content` works) and `length`, which is not a field.
  if (Array.isArray(value)) return /^\d+$/.test(key) ? (value as unknown[])[Number(key)] : undefined;
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function step(values: unknown[], s: Step): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (s.kind === 'key') {
      const next = own(value, s.name);
      if (next !== undefined) out.push(next);
      continue;
    }
    if (!Array.isArray(value)) continue;
    if (s.kind === 'index') {
      const item: unknown = value[s.index < 0 ? value.length + s.index : s.index];
      if (item !== undefined) out.push(item);
    } else if (s.kind === 'all') {
      out.push(...(value as unknown[]));
    } else {
      out.push(...(value as unknown[]).filter((item) => own(item, 'role') === s.role));
    }
  }
  return out;
}

/**
 * The value at `path`: one value (undefined when absent) for a path of keys and indices, a list for a path that
 * selects many (empty when nothing matched).
 */
export function readFieldPath(state: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(state, path)) return state[path];
  const steps = parsePath(path);
  if (!steps) return undefined;
  let values: unknown[] = [state];
  for (const s of steps) values = step(values, s);
  return steps.some((s) => s.kind === 'all' || s.kind === 'role') ? values : values[0];
}

/**
 * The text at `path` for text checks and metrics: the values a many-path selects as one text, one per line (so a
 * validator or a score sees every assistant turn of a conversation), anything else as `stateText` gives it.
 */
export function readFieldText(state: Readonly<Record<string, unknown>>, path: string): string {
  const value = readFieldPath(state, path);
  if (Array.isArray(value) && !Object.hasOwn(state, path) && selectsMany(path)) return value.map(stateText).join('\n');
  return stateText(value);
}
