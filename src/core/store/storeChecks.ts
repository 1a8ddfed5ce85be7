import type { Database } from 'sql.js';
import { reviewTargets } from './recordQueries';
import { ReviewRuleError, SecretInSettingsError, StoreNotFoundError } from './storeErrors';
import type { FieldLayout, JsonObject, ReviewTarget } from './storeTypes';

/*
 * Checks run before an op is committed: once journaled, an op is applied on every open, so anything the rules
 * forbid must be refused here, with a message the Review panel or CLI can show as is.
 */

const CREDENTIAL_NAME = /^(api[-_]?key|apikey|secret|client[-_]?secret|password|passwd|authorization|auth[-_]?token|access[-_]?token|bearer|x-api-key)$/i;

/** Refuses settings with a non-empty field named like a credential, at any depth. */
export function assertNoSecrets(value: unknown, path = 'modelSettings'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertNoSecrets(item, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (CREDENTIAL_NAME.test(key) && child !== null && child !== undefined && child !== '') throw new SecretInSettingsError(here);
    assertNoSecrets(child, here);
  }
}

/** The records of a review action: all exist, all in one job (undo is per job), none a failed execution. */
export function checkReviewTargets(db: Database, ids: readonly number[], what: string): Map<number, ReviewTarget> {
  const targets = reviewTargets(db, ids);
  const missing = ids.find((id) => !targets.has(id));
  if (missing !== undefined) throw new StoreNotFoundError('record', missing);
  const jobs = new Set([...targets.values()].map((t) => t.jobId));
  if (jobs.size > 1) {
    throw new ReviewRuleError('mixed-jobs', `Cannot ${what} records of several jobs at once (jobs ${[...jobs].join(', ')}): select records of one job.`);
  }
  const failed = ids.filter((id) => targets.get(id)?.status === 'failed');
  if (failed.length) {
    const shown = failed.slice(0, 5).join(', ') + (failed.length > 5 ? ` and ${failed.length - 5} more` : '');
    throw new ReviewRuleError(
      'failed-record',
      `Cannot ${what} record(s) ${shown}: they are failed executions with no output. Retry the job's failed units to generate them, or leave them out of the selection.`,
    );
  }
  return targets;
}

/** Edits change block outputs only: metadata keys and internal `_` keys would be dropped by export. */
export function checkEditFields(id: number, fields: JsonObject, metadata: JsonObject): void {
  const keys = Object.keys(fields);
  if (keys.length === 0) throw new ReviewRuleError('empty-edit', `Edit of record ${id} changes no field: pass at least one output field.`);
  const internal = keys.filter((k) => k.startsWith('_'));
  if (internal.length) {
    throw new ReviewRuleError('internal-field', `Record ${id}: field(s) ${internal.join(', ')} are internal (leading '_') and are not part of the output; edit block output fields.`);
  }
  const seed = keys.filter((k) => Object.hasOwn(metadata, k));
  if (seed.length) {
    throw new ReviewRuleError('metadata-field', `Record ${id}: field(s) ${seed.join(', ')} come from the seed metadata, not from a block; only block outputs can be edited.`);
  }
}

export function checkLayout(pipelineKey: string, layout: FieldLayout): void {
  const lists = [layout.primary, layout.secondary, layout.hidden];
  if (!pipelineKey || !lists.every((l) => Array.isArray(l) && l.every((f) => typeof f === 'string'))) {
    throw new ReviewRuleError('bad-layout', `Field layout of '${pipelineKey}' must have primary, secondary and hidden lists of field names.`);
  }
}
