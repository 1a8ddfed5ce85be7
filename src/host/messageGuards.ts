// Checks for messages arriving from a webview: a webview is web content, so the host trusts no shape it sends.
// Each check throws InvalidMessageError naming the offending path; RpcHost turns it into an error reply.

export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidMessageError(`${path} must be an object`);
  return value as Record<string, unknown>;
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new InvalidMessageError(`${path} must be a string`);
  return value;
}

export function expectOptionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : expectString(value, path);
}

export function expectNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidMessageError(`${path} must be a finite number`);
  return value;
}

export function expectInteger(value: unknown, path: string, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new InvalidMessageError(`${path} must be an integer ≥ ${min}`);
  return value;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidMessageError(`${path} must be true or false`);
  return value;
}

export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidMessageError(`${path} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function expectArray<T>(value: unknown, path: string, item: (v: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) throw new InvalidMessageError(`${path} must be an array`);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

/** Any JSON value (what a config field or a record field may hold); functions and undefined are refused. */
export function expectJson(value: unknown, path: string): unknown {
  const t = typeof value;
  if (value === null || t === 'string' || t === 'boolean') return value;
  if (t === 'number') return expectNumber(value, path);
  if (Array.isArray(value)) return value.map((v, i) => expectJson(v, `${path}[${i}]`));
  if (t === 'object') {
    for (const [k, v] of Object.entries(value as object)) expectJson(v, `${path}.${k}`);
    return value;
  }
  throw new InvalidMessageError(`${path} must be JSON`);
}
