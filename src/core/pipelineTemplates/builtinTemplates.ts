import { constants, existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DgfError } from '../errors';

/** A built-in pipeline template: `<id>.dgf.json` plus its example seeds `<id>.seeds.json` or `<id>.seeds.md`. */
export interface PipelineTemplateInfo {
  /** File stem, e.g. `qa_generation`; what `datagenflow new <id>` takes. */
  id: string;
  name: string;
  description: string;
  /** Absolute path of the template's `.dgf.json`. */
  pipelineFile: string;
  /** Absolute path of its example seed file. */
  seedFile: string;
}

export interface WrittenTemplate {
  template: PipelineTemplateInfo;
  pipelineFile: string;
  seedFile: string;
}

/** The reference's five from the simplest to the most involved (how a newcomer should meet them), then ours; other ids follow by name. */
export const TEMPLATE_ORDER: readonly string[] = ['json_generation', 'text_classification', 'qa_generation', 'data_augmentation', 'ragas_evaluation', 'multi_turn_chat'];

const PIPELINE_SUFFIX = '.dgf.json';
// JSON first: a template that ships both keeps its JSON seeds, the kind every pipeline but a multiplier takes.
const SEED_SUFFIXES = ['.seeds.json', '.seeds.md'];

export class UnknownTemplateError extends DgfError {
  constructor(
    readonly id: string,
    readonly known: string[],
  ) {
    super('template-unknown', `There is no template '${id}'. Templates: ${known.join(', ')}.`);
  }
}

/** Writing a template never replaces a file: the user may have edited an earlier copy. */
export class TemplateExistsError extends DgfError {
  constructor(readonly path: string) {
    super('template-exists', `${path} already exists; not overwriting it. Choose another folder, or move the file away first.`);
  }
}

/** The template folder is broken (a packaging or editing mistake, never a user error). */
export class TemplateFolderError extends DgfError {
  constructor(message: string) {
    super('template-folder', message);
  }
}

/**
 * The shipped `templates/` folder: beside the bundle's folder when running from `dist/` (the .vsix ships it there),
 * or the repository's when running from source. Checked for `.dgf.json` files, because from source the first
 * candidate is `src/core/templates/`, the Nunjucks renderer's folder.
 */
export function defaultTemplatesDir(): string {
  const candidates = [join(__dirname, '..', 'templates'), join(__dirname, '..', '..', '..', 'templates')];
  for (const dir of candidates) {
    if (existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(PIPELINE_SUFFIX))) return dir;
  }
  throw new TemplateFolderError(`The built-in templates were not found (looked in ${candidates.join(' and ')}). Reinstall DataGenFlow.`);
}

/** Every template in `templatesDir`, in TEMPLATE_ORDER, with its name and description read from the pipeline file. */
export async function listTemplates(templatesDir: string): Promise<PipelineTemplateInfo[]> {
  const files = await readdir(templatesDir);
  const ids = files.filter((f) => f.endsWith(PIPELINE_SUFFIX)).map((f) => f.slice(0, -PIPELINE_SUFFIX.length));
  ids.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return Promise.all(ids.map((id) => readTemplate(templatesDir, id, files)));
}

/**
 * Copies template `id` (pipeline and seeds, unchanged) into `targetDir`, creating the folder if needed. Refuses,
 * before writing anything, if either file already exists there.
 */
export async function writeTemplate(id: string, templatesDir: string, targetDir: string): Promise<WrittenTemplate> {
  const templates = await listTemplates(templatesDir);
  const template = templates.find((t) => t.id === id);
  if (!template) throw new UnknownTemplateError(id, templates.map((t) => t.id));
  const pipelineFile = join(targetDir, basename(template.pipelineFile));
  const seedFile = join(targetDir, basename(template.seedFile));
  for (const path of [pipelineFile, seedFile]) if (existsSync(path)) throw new TemplateExistsError(path);
  await mkdir(targetDir, { recursive: true });
  await copyExclusive(template.pipelineFile, pipelineFile);
  try {
    await copyExclusive(template.seedFile, seedFile);
  } catch (e) {
    // Half a template is worse than none: the pipeline alone would fail Verify Seeds for a reason the user never saw.
    await rm(pipelineFile, { force: true });
    throw e;
  }
  return { template, pipelineFile, seedFile };
}

function rank(id: string): number {
  const i = TEMPLATE_ORDER.indexOf(id);
  return i < 0 ? TEMPLATE_ORDER.length : i;
}

async function readTemplate(dir: string, id: string, files: readonly string[]): Promise<PipelineTemplateInfo> {
  const pipelineFile = join(dir, id + PIPELINE_SUFFIX);
  const seedName = SEED_SUFFIXES.map((s) => id + s).find((name) => files.includes(name));
  if (!seedName) throw new TemplateFolderError(`Template ${pipelineFile} has no seed file (${SEED_SUFFIXES.map((s) => id + s).join(' or ')}).`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(pipelineFile, 'utf8'));
  } catch (e) {
    throw new TemplateFolderError(`Template ${pipelineFile} cannot be read: ${(e as Error).message}`);
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  return {
    id,
    name: typeof fields.name === 'string' && fields.name !== '' ? fields.name : id,
    description: typeof fields.description === 'string' ? fields.description : '',
    pipelineFile,
    seedFile: join(dir, seedName),
  };
}

/** COPYFILE_EXCL: a file created between the existence check and the copy is not overwritten either. */
async function copyExclusive(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new TemplateExistsError(to);
    throw e;
  }
}
