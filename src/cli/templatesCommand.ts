import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { createBlockRegistry } from '../core/blocks/blockRegistry';
import { defaultTemplatesDir, listTemplates, writeTemplate } from '../core/pipelineTemplates/builtinTemplates';
import type { NewArgs, TemplatesArgs } from './args';
import { EXIT, UsageError } from './exitCodes';

/** `datagenflow templates [--json]`: the built-in templates a pipeline can start from. */
export async function templatesCommand(args: TemplatesArgs, stdout: NodeJS.WritableStream, templatesDir = defaultTemplatesDir()): Promise<number> {
  const templates = await listTemplates(templatesDir);
  if (args.json) {
    stdout.write(`${JSON.stringify(templates.map(({ id, name, description }) => ({ id, name, description })))}\n`);
    return EXIT.ok;
  }
  const rows = templates.map((t) => [t.id, t.name, t.description]);
  const header = ['ID', 'NAME', 'DESCRIPTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) stdout.write(`${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}\n`);
  stdout.write('\nStart from one with: datagenflow new <id> [folder]\n');
  return EXIT.ok;
}

/** `datagenflow new <template> [dir]`: copies a template and its example seeds, then says how to run them. */
export async function newCommand(args: NewArgs, stdout: NodeJS.WritableStream, templatesDir = defaultTemplatesDir()): Promise<number> {
  const templates = await listTemplates(templatesDir);
  // Checked here rather than by writeTemplate's error, so a mistyped id is a usage error (exit 2) like a bad flag.
  if (!templates.some((t) => t.id === args.template)) {
    throw new UsageError(`unknown template '${args.template}' (templates: ${templates.map((t) => t.id).join(', ')})`);
  }
  const written = await writeTemplate(args.template, templatesDir, resolve(args.dir));
  const pipeline = shown(written.pipelineFile);
  const seeds = shown(written.seedFile);
  stdout.write(`Created from the "${written.template.name}" template:\n  ${pipeline}\n  ${seeds}\n\n`);
  stdout.write(`Run it with:\n  datagenflow run ${pipeline} --seeds ${seeds}\n`);
  stdout.write('(the default model is Ollama at http://localhost:11434/v1; add --base-url <url> --model <name> for another endpoint)\n');
  if (await usesEmbeddings(written.pipelineFile)) {
    // There is no flag for it and no default, so say so now rather than after a run with zero similarities.
    stdout.write('This pipeline also uses an embedding model: add one to datagenflow.embeddingModels in .vscode/settings.json.\n');
  }
  return EXIT.ok;
}

async function usesEmbeddings(pipelineFile: string): Promise<boolean> {
  const parsed: unknown = JSON.parse(await readFile(pipelineFile, 'utf8'));
  const blocks = typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { blocks?: unknown }).blocks) ? (parsed as { blocks: unknown[] }).blocks : [];
  const registry = createBlockRegistry();
  return blocks.some((block) => {
    const type = typeof block === 'object' && block !== null ? (block as { type?: unknown }).type : undefined;
    const definition = typeof type === 'string' ? registry.get(type) : undefined;
    return definition !== undefined && Object.values(definition.configSchema.properties).some((field) => field.modelKind === 'embedding');
  });
}

/** Relative to the current folder when inside it, quoted when the shell would split or expand it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  const display = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return /^[\w./@+:,-]+$/.test(display) ? display : `'${display.replace(/'/g, `'\\''`)}'`;
}
