import { patchRuntimeLookups } from './nunjucksInternals';

/**
 * Closes every route from a template to JavaScript internals. Nunjucks resolves `a.b`, `a["b"]` and bare names
 * through its runtime module, which compiled templates call dynamically, so wrapping those three functions covers
 * all templates (see patchRuntimeLookups). The wrap is process-wide and idempotent; nothing else in this process
 * renders nunjucks.
 */
const FORBIDDEN_MEMBERS = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

export class ForbiddenAccessError extends Error {}

/** A name no template may read, even when the state has it (the sandbox refuses it). */
export function isForbiddenTemplateName(name: string): boolean {
  return FORBIDDEN_MEMBERS.has(name);
}

export function installTemplateSandbox(): void {
  patchRuntimeLookups(({ memberLookup, contextOrFrameLookup, callWrap }) => ({
    memberLookup: (obj, key) => {
      const name = String(key);
      if (FORBIDDEN_MEMBERS.has(name)) {
        throw new ForbiddenAccessError(`access to '${name}' is not allowed in templates`);
      }
      // Functions expose call/apply/bind and their own constructor chain; data never needs their members.
      if (typeof obj === 'function') {
        throw new ForbiddenAccessError(`access to members of a function ('${name}') is not allowed in templates`);
      }
      return memberLookup(obj, key);
    },
    contextOrFrameLookup: (context, frame, name) => {
      if (FORBIDDEN_MEMBERS.has(name)) {
        throw new ForbiddenAccessError(`'${name}' is not allowed in templates`);
      }
      const value = contextOrFrameLookup(context, frame, name);
      // The render context is a plain object: names like `toString` or `valueOf` would otherwise resolve to
      // Object.prototype members instead of being undefined.
      if (value !== undefined && name in Object.prototype && !Object.prototype.hasOwnProperty.call(context.ctx, name)) {
        return undefined;
      }
      return value;
    },
    callWrap: (obj, name, context, args) => {
      if (obj === Function || obj === Object || obj === eval) {
        throw new ForbiddenAccessError(`calling '${name}' is not allowed in templates`);
      }
      return callWrap(obj, name, context, args);
    },
  }));
}
