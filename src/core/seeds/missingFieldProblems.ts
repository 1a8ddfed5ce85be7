import type { BlockSpec } from '../pipeline/pipelineTypes';
import type { Problem, RelatedLocation } from '../problems';
import type { SeedRequirement } from './pipelineRequirements';
import { SeedProblemCode } from './seedProblemCodes';
import type { Seed, SeedList, SeedLocator } from './seedTypes';

/** Seeds named in a message; the rest are counted ("and 15 more"). */
const NAMED_IN_MESSAGE = 10;
/** Seeds listed as related locations (the Problems panel, the CLI); a file with 100,000 failing seeds lists these. */
const MAX_RELATED = 100;

interface Reader {
  block: BlockSpec;
  /** Optional inputs only: what the block does without the field. */
  whenMissing?: string;
}

/** One field (or set of alternatives) and every seed that lacks it. */
interface Group {
  required: boolean;
  anyOf: string[];
  readers: Reader[];
  /** The first MAX_RELATED seeds (parsed-list indexes) lacking it. */
  seeds: number[];
  count: number;
}

/**
 * One problem per missing field, not per seed: the seeds lacking it are named in the message (the first ten, then a
 * count) and listed as related locations. A field some block cannot run without is an error; an input the blocks run
 * without (their `optionalFields`) is a warning that says what the run gives instead.
 */
export function missingFieldProblems(list: SeedList, requirements: readonly SeedRequirement[], locate?: SeedLocator): Problem[] {
  const groups = groupsOf(requirements);
  if (groups.length === 0) return [];
  // One seed at a time: a list read from a file parses each seed's metadata here and drops it again.
  for (let i = 0; i < list.length; i++) {
    const seed = list.at(i) as Seed;
    for (const group of groups) {
      if (group.anyOf.some((f) => Object.hasOwn(seed.metadata, f))) continue;
      if (group.seeds.length < MAX_RELATED) group.seeds.push(i);
      group.count++;
    }
  }
  return groups.filter((g) => g.count > 0).map((g) => problemOf(g, list.length, locate));
}

function groupsOf(requirements: readonly SeedRequirement[]): Group[] {
  const groups = new Map<string, Group>();
  const add = (required: boolean, anyOf: string[], reader: Reader) => {
    const key = `${required ? 'r' : 'o'}:${anyOf.join('\u0000')}`;
    const group = groups.get(key) ?? { required, anyOf, readers: [], seeds: [], count: 0 };
    group.readers.push(reader);
    groups.set(key, group);
  };
  for (const { block, fields, optional } of requirements) {
    for (const field of fields) add(true, [field], { block });
    for (const input of optional) add(false, input.anyOf, { block, whenMissing: input.whenMissing });
  }
  return [...groups.values()];
}

function problemOf(group: Group, total: number, locate: SeedLocator | undefined): Problem {
  const label = (i: number) => locate?.label(i) ?? `Seed ${i + 1}`;
  const one = group.count === 1;
  const subject = one
    ? label(group.seeds[0])
    : group.count === total
      ? `All ${total} seeds`
      : group.count <= NAMED_IN_MESSAGE
        ? listed(group.seeds.map(label))
        : `${group.count} seeds (${group.seeds.slice(0, NAMED_IN_MESSAGE).map(label).join(', ')} and ${group.count - NAMED_IN_MESSAGE} more)`;
  const their = one ? 'its' : 'their';
  const names = group.anyOf.map((f) => `"${f}"`);
  let message: string;
  // A Markdown document has no metadata of its own to add the field to.
  const markdown = locate !== undefined && locate.kind !== 'json';
  if (group.required) {
    const field = names[0];
    const fix = markdown
      ? `A Markdown seed carries only its text (${locate.kind === 'folder' ? '"file_content" and "source_file"' : '"file_content"'}): give the documents this field in a JSON seed file of documents ([{"metadata": {"file_content": "…", ${field}: …}}]), or stop reading it.`
      : `Add it to ${one ? "the seed's" : "each seed's"} "metadata".`;
    message = `${subject} ${one ? 'is' : 'are'} missing field ${field} in ${their} metadata, needed by ${blocksOf(group.readers)}. ${fix}`;
  } else {
    const lacks = names.length === 1 ? `no field ${names[0]}` : names.length === 2 ? `neither ${names[0]} nor ${names[1]}` : `none of ${names.join(', ')}`;
    const reads = group.readers.map((r, i) => `${i === 0 ? 'read by ' : 'and by '}${blockOf(r.block)}, which then ${r.whenMissing}`).join('; ');
    const fix = markdown
      ? 'a JSON seed file of documents can give them the field'
      : `add ${names.length === 1 ? 'it' : 'one'} to ${one ? "the seed's" : "each seed's"} "metadata"`;
    message = `${subject} ${one ? 'has' : 'have'} ${lacks} in ${their} metadata, ${reads}. The run goes on; ${fix} if that is not the result you want.`;
  }
  const first = group.seeds[0];
  const problem: Problem = {
    severity: group.required ? 'error' : 'warning',
    code: group.required ? SeedProblemCode.MissingField : SeedProblemCode.MissingOptionalField,
    message,
    path: locate?.path(first, ['metadata']) ?? [first, 'metadata'],
    blockId: group.readers[0].block.id,
  };
  const range = locate?.range(first, ['metadata']);
  if (range) problem.range = range;
  if (!one) problem.related = group.seeds.map((i) => relatedOf(i, label(i), locate));
  return problem;
}

function relatedOf(index: number, message: string, locate: SeedLocator | undefined): RelatedLocation {
  const related: RelatedLocation = { message, path: locate?.path(index, ['metadata']) ?? [index, 'metadata'] };
  const range = locate?.range(index, ['metadata']);
  if (range) related.range = range;
  return related;
}

function blockOf(block: BlockSpec): string {
  return `block "${block.id}" (${block.type})`;
}

function blocksOf(readers: readonly Reader[]): string {
  if (readers.length === 1) return blockOf(readers[0].block);
  return `blocks ${listed(readers.map((r) => `"${r.block.id}" (${r.block.type})`))}`;
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
