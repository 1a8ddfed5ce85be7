import { describeValue, literal } from '../json/describeValue';
import type { Locate } from '../json/jsonLocator';
import { isJsonObject, type JsonPath } from '../json/jsonPath';
import { closestName } from '../pipeline/closestName';
import type { Problem, Severity } from '../problems';
import { SeedProblemCode } from './seedProblemCodes';
import type { Seed } from './seedTypes';

const SEED_KEYS = ['repetitions', 'metadata'];
const SHAPE = '{"repetitions": 1, "metadata": {…}}';

/**
 * One item of a seed file: `{ "repetitions"?: n, "metadata": { … } }`. Returns the seed when it is usable, plus
 * every problem with it (several at once, so one pass fixes the file).
 */
export function readSeedItem(item: unknown, path: JsonPath, label: string, locate?: Locate): { seed?: Seed; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (code: string, message: string, at: JsonPath, severity: Severity = 'error'): void => {
    const problem: Problem = { severity, code, message, path: at };
    const range = locate?.(at);
    if (range) problem.range = range;
    problems.push(problem);
  };

  if (!isJsonObject(item)) {
    report(SeedProblemCode.SeedNotObject, `${label} must be an object ${SHAPE}, found ${describeValue(item)}.`, path);
    return { problems };
  }

  for (const key of Object.keys(item)) {
    if (SEED_KEYS.includes(key)) continue;
    const guess = closestName(key, SEED_KEYS);
    report(
      SeedProblemCode.UnknownKey,
      `${label}: unknown key "${key}" is ignored${guess ? ` (did you mean "${guess}"?)` : ''}. A seed has "repetitions" and "metadata"; put variables inside "metadata".`,
      [...path, key],
      'warning',
    );
  }

  const metadata = item.metadata;
  if (metadata === undefined) {
    report(SeedProblemCode.MissingMetadata, `${label} has no "metadata". Add "metadata": { … } with the variables the pipeline uses.`, path);
  } else if (!isJsonObject(metadata)) {
    report(SeedProblemCode.MetadataNotObject, `${label}: "metadata" must be an object of variables, found ${describeValue(metadata)}.`, [...path, 'metadata']);
  }

  let repetitions = 1;
  if (Object.hasOwn(item, 'repetitions')) {
    const value = item.repetitions;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      report(
        SeedProblemCode.InvalidRepetitions,
        `${label}: repetitions must be a positive integer, found ${literal(value)}. Use a whole number such as 1 (or remove it: the default is 1).`,
        [...path, 'repetitions'],
      );
    } else {
      repetitions = value;
      if (value === 0) {
        report(SeedProblemCode.ZeroRepetitions, `${label} has repetitions 0: it will not generate records.`, [...path, 'repetitions'], 'warning');
      }
    }
  }

  const usable = isJsonObject(metadata) && !problems.some((p) => p.severity === 'error');
  return usable ? { seed: { repetitions, metadata }, problems } : { problems };
}
