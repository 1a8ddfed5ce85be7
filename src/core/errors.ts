/** Base of every error the engine throws on purpose. Edges (CLI, commands) turn these into messages. */
export class DgfError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A template could not be rendered: undefined variable, syntax error or forbidden member access. */
export class TemplateError extends DgfError {
  constructor(
    message: string,
    readonly variable?: string,
    readonly blockId?: string,
  ) {
    super('template', message);
  }
}

/**
 * A render went over a budget (time, output size, memory, range() items): the unit fails, the job goes on. Blocks
 * that tolerate an ordinary template failure (FieldMapper's "" field) still let this one through.
 */
export class TemplateLimitError extends TemplateError {}

/** A block failed while executing; carries the block so traces and messages can name it. */
export class BlockExecutionError extends DgfError {
  constructor(
    message: string,
    readonly blockId: string,
    readonly blockType: string,
    options?: { cause?: unknown },
  ) {
    super('block-execution', message, options);
  }
}

/** Model configuration problems: unknown model name, missing base URL. */
export class ModelConfigError extends DgfError {
  constructor(message: string) {
    super('model-config', message);
  }
}

export type LlmErrorKind =
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'invalid-response'
  | 'aborted';

/** A request to a model failed. `retryable` tells the retry policy whether another attempt may succeed. */
export class LlmError extends DgfError {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`llm-${kind}`, message, options);
  }

  get retryable(): boolean {
    return this.kind === 'server' || this.kind === 'timeout' || this.kind === 'connection' || this.kind === 'rate-limit' || this.kind === 'invalid-response';
  }
}

/** The run was cancelled (AbortSignal fired). */
export class CancelledError extends DgfError {
  constructor(message = 'Cancelled') {
    super('cancelled', message);
  }
}
