import { parseTemplate, type AstNode } from './nunjucksInternals';

/** Names a template can read without the state providing them: Nunjucks' globals and the loop variable. */
export const TEMPLATE_GLOBALS: readonly string[] = ['loop', 'range', 'cycler', 'joiner', 'caller'];

/**
 * Names a template reads from its context, never defines itself, and cannot render without (like
 * jinja2.meta.find_undeclared_variables, less the names it only reads with a fallback): a name read only as
 * `name | default(…)` (or `| d(…)`), `name.member | default(…)`, or tested with `name is defined` / `is undefined`
 * renders without it, so neither Verify Seeds nor the renderer asks for it. Read anywhere else too, it is needed.
 */
export function templateVariables(source: string): string[] {
  const cached = cache.get(source);
  if (cached) return cached;
  const names = new Set(templateVariableUses(source).filter((use) => !use.guarded && !use.declared).map((use) => use.name));
  const result = [...names].sort();
  if (cache.size > 1000) cache.clear();
  cache.set(source, result);
  return result;
}

/** One place a template reads a name from its context, where the parse tree puts it (0-based, as Nunjucks counts). */
export interface TemplateVariableUse {
  name: string;
  /** Line of the name in the template (lines end at `\n` only, as Nunjucks' lexer counts them). */
  line: number;
  /** Column of the name's first character on that line, in UTF-16 code units. */
  column: number;
  /** Read with a fallback here (`| default(…)`, `is defined`): the template renders without it. */
  guarded: boolean;
  /** The template defines the name itself (`{% set %}`, a loop or macro variable) or it is a global (TEMPLATE_GLOBALS). */
  declared: boolean;
}

/**
 * Every read of a context name in a template, in the order the parse tree holds them, with its position and whether
 * the template can do without it; `templateVariables` is the needed names among them. Throws the parser's error for a
 * template with a syntax error.
 */
export function templateVariableUses(source: string): TemplateVariableUse[] {
  const root = parseTemplate(source);
  const uses: { node: AstNode; guarded: boolean }[] = [];
  const declared = new Set<string>(TEMPLATE_GLOBALS);
  walk(root, { uses, declared });
  return uses.map(({ node, guarded }) => {
    const name = String(node.value);
    return { name, line: Number(node.lineno ?? 0), column: Number(node.colno ?? 0), guarded, declared: declared.has(name) };
  });
}

const cache = new Map<string, string[]>();

/**
 * Every bare name a template mentions, declared or not (`{% set topic = topic | upper %}` reads the state's `topic`
 * although it also declares one): the state fields a render of it can reach.
 */
export function templateNames(source: string): string[] {
  const cached = namesCache.get(source);
  if (cached) return cached;
  const root = parseTemplate(source);
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (!isNode(node)) return;
    if (node.typename === 'Symbol') names.add(String(node.value));
    for (const field of node.fields ?? []) visit(node[field]);
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  const result = [...names];
  if (namesCache.size > 1000) namesCache.clear();
  namesCache.set(source, result);
  return result;
}

const namesCache = new Map<string, string[]>();

/** Dotted member paths read by a template, e.g. `generated.title` → ['generated', 'title']. */
export function templateMemberPaths(source: string): string[][] {
  const root = parseTemplate(source);
  const paths: string[][] = [];
  const visit = (node: unknown): void => {
    if (!isNode(node)) return;
    if (node.typename === 'LookupVal') {
      const path = memberPath(node);
      if (path) paths.push(path);
    }
    for (const field of node.fields ?? []) visit(node[field]);
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return paths;
}

function memberPath(node: AstNode): string[] | undefined {
  if (node.typename === 'Symbol') return [String(node.value)];
  if (node.typename !== 'LookupVal' || !isNode(node.val) || node.val.typename !== 'Literal') return undefined;
  const head = isNode(node.target) ? memberPath(node.target) : undefined;
  return head ? [...head, String(node.val.value)] : undefined;
}

function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as AstNode).typename === 'string';
}

/** Where a walk puts the names it reads and the names the template declares. */
interface Reads {
  uses: { node: AstNode; guarded: boolean }[];
  declared: Set<string>;
}

function declare(target: unknown, declared: Set<string>): void {
  if (!isNode(target)) return;
  if (target.typename === 'Symbol') declared.add(String(target.value));
  for (const child of target.children ?? []) declare(child, declared);
}

function walk(node: unknown, reads: Reads): void {
  if (!isNode(node)) return;
  switch (node.typename) {
    case 'Symbol':
      reads.uses.push({ node, guarded: false });
      return;
    case 'Set':
      for (const t of (node.targets as AstNode[] | undefined) ?? []) declare(t, reads.declared);
      walk(node.value, reads);
      walk(node.body, reads);
      return;
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      declare(node.name, reads.declared);
      walk(node.arr, reads);
      walk(node.body, reads);
      walk(node.else_, reads);
      return;
    case 'Macro':
    case 'Caller':
      declare(node.name, reads.declared);
      declare(node.args, reads.declared);
      walk(node.body, reads);
      return;
    case 'Filter':
    case 'FilterAsync': {
      // The filter's name is not a variable; its arguments are, except the value `default` falls back from.
      const args = isNode(node.args) ? (node.args.children ?? []) : [];
      const fallback = isNode(node.name) && FALLBACK_FILTERS.has(String(node.name.value));
      args.forEach((arg, i) => (i === 0 && fallback ? walkGuarded(arg, reads) : walk(arg, reads)));
      return;
    }
    case 'Is':
      // `x is defined`: the test name on the right is not a variable, and the left one may be missing.
      if (isNode(node.right) && DEFINED_TESTS.has(String(node.right.value))) walkGuarded(node.left, reads);
      else walk(node.left, reads);
      return;
    case 'LookupVal':
      walk(node.target, reads);
      if (isNode(node.val) && node.val.typename !== 'Literal') walk(node.val, reads);
      return;
    case 'KeywordArgs':
      for (const pair of node.children ?? []) walk(pair.value, reads);
      return;
  }
  for (const field of node.fields ?? []) walk(node[field], reads);
  for (const child of node.children ?? []) walk(child, reads);
}

/** Filters whose first argument may be undefined: the value they fall back from. */
const FALLBACK_FILTERS = new Set(['default', 'd']);
/** Tests that ask whether a value exists, so it may be missing. */
const DEFINED_TESTS = new Set(['defined', 'undefined']);

/**
 * A value that may be missing (`x.y | default(…)`): its root name is not needed, but any name used to compute a
 * member (`x[key]`) or inside a call is.
 */
function walkGuarded(node: unknown, reads: Reads): void {
  if (!isNode(node)) return;
  if (node.typename === 'Symbol') {
    reads.uses.push({ node, guarded: true });
    return;
  }
  if (node.typename === 'LookupVal') {
    walkGuarded(node.target, reads);
    if (isNode(node.val) && node.val.typename !== 'Literal') walk(node.val, reads);
    return;
  }
  walk(node, reads);
}
