/**
 * What the openai SDK reads of a fetch Response — status, ok, url, headers (get, has, entries, iteration) and the
 * body as text, JSON or bytes — over a body already read whole. The direct HTTP transport returns it instead of
 * undici's Response and Headers, whose web streams and brand checks cost about a tenth of a millisecond per request
 * (measured by bench:userpath's profile). It has no stream: `body` is null, which the SDK's stream cancelling
 * accepts; responses that need a stream never take the direct path (the SDK is not asked to stream).
 */
export class BufferedHeaders implements Iterable<[string, string]> {
  private readonly map = new Map<string, string>();
  private sorted: [string, string][] | undefined;

  /** From Node's rawHeaders: name, value, name, value… (a repeated name is joined with ", " as fetch does). */
  constructor(raw: readonly string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      const before = this.map.get(name);
      this.map.set(name, before === undefined ? raw[i + 1] : `${before}, ${raw[i + 1]}`);
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    // Sorted as fetch's Headers iterate; once (the SDK iterates a response's headers more than once).
    this.sorted ??= [...this.map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sorted[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    return [...this.entries()].map(([k]) => k)[Symbol.iterator]();
  }

  values(): IterableIterator<string> {
    return [...this.entries()].map(([, v]) => v)[Symbol.iterator]();
  }

  forEach(callback: (value: string, name: string, headers: BufferedHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export class BufferedResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  readonly body = null;
  private used = false;

  constructor(
    private readonly bytes: Buffer | null,
    readonly status: number,
    readonly statusText: string,
    readonly headers: BufferedHeaders,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async text(): Promise<string> {
    return this.consume().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.consume();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    if (this.used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.bytes, this.status, this.statusText, this.headers, this.url);
  }

  /** As fetch: a body is read once (a second read rejects). */
  private consume(): Buffer {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.bytes ?? Buffer.alloc(0);
  }
}
