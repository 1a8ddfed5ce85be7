import * as nunjucks from 'nunjucks';

/**
 * Names a template reads from its context, never defines itself, and cannot render without (like
 * jinja2.meta.find_undeclared_variables, less the names it only reads with a fallback): a name read only as
 * `name | default(…)` (or `| d(…)`), `name.member | default(…)`, or tested with `name is defined` / `is undefined`
 * renders without it, so neither Verify Seeds nor the renderer asks for it. Read anywhere else too, it is needed.
 */
export function templateVariables(source: string): string[] {
  const cached = cache.get(source);
  if (cached) return cached;
  const root = (nunjucks as unknown as { parser: { parse(src: string): AstNode } }).parser.parse(source);
  const used = new Set<string>();
  const declared = new Set<string>(['loop', 'range', 'cycler', 'joiner', 'caller']);
  walk(root, used, declared);
  const result = [...used].filter((n) => !declared.has(n)).sort();
  if (cache.size > 1000) cache.clear();
  cache.set(source, result);
  return result;
}

const cache = new Map<string, string[]>();

/**
 * Every bare name a template mentions, declared or not (`{% set topic = topic | upper %}` reads the state's `topic`
 * although it also declares one): the state fields a render of it can reach.
 */
export function templateNames(source: string): string[] {
  const cached = namesCache.get(source);
  if (cached) return cached;
  const root = (nunjucks as unknown as { parser: { parse(src: string): AstNode } }).parser.parse(source);
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
  const root = (nunjucks as unknown as { parser: { parse(src: string): AstNode } }).parser.parse(source);
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

interface AstNode {
  typename: string;
  fields?: string[];
  children?: AstNode[];
  value?: unknown;
  [field: string]: unknown;
}

function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as AstNode).typename === 'string';
}

function declare(target: unknown, declared: Set<string>): void {
  if (!isNode(target)) return;
  if (target.typename === 'Symbol') declared.add(String(target.value));
  for (const child of target.children ?? []) declare(child, declared);
}

function walk(node: unknown, used: Set<string>, declared: Set<string>): void {
  if (!isNode(node)) return;
  switch (node.typename) {
    case 'Symbol':
      used.add(String(node.value));
      return;
    case 'Set':
      for (const t of (node.targets as AstNode[] | undefined) ?? []) declare(t, declared);
      walk(node.value, used, declared);
      walk(node.body, used, declared);
      return;
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      declare(node.name, declared);
      walk(node.arr, used, declared);
      walk(node.body, used, declared);
      walk(node.else_, used, declared);
      return;
    case 'Macro':
    case 'Caller':
      declare(node.name, declared);
      declare(node.args, declared);
      walk(node.body, used, declared);
      return;
    case 'Filter':
    case 'FilterAsync': {
      // The filter's name is not a variable; its arguments are, except the value `default` falls back from.
      const args = isNode(node.args) ? (node.args.children ?? []) : [];
      const fallback = isNode(node.name) && FALLBACK_FILTERS.has(String(node.name.value));
      args.forEach((arg, i) => (i === 0 && fallback ? walkGuarded(arg, used, declared) : walk(arg, used, declared)));
      return;
    }
    case 'Is':
      // `x is defined`: the test name on the right is not a variable, and the left one may be missing.
      if (isNode(node.right) && DEFINED_TESTS.has(String(node.right.value))) walkGuarded(node.left, used, declared);
      else walk(node.left, used, declared);
      return;
    case 'LookupVal':
      walk(node.target, used, declared);
      if (isNode(node.val) && node.val.typename !== 'Literal') walk(node.val, used, declared);
      return;
    case 'KeywordArgs':
      for (const pair of node.children ?? []) walk(pair.value, used, declared);
      return;
  }
  for (const field of node.fields ?? []) walk(node[field], used, declared);
  for (const child of node.children ?? []) walk(child, used, declared);
}

/** Filters whose first argument may be undefined: the value they fall back from. */
const FALLBACK_FILTERS = new Set(['default', 'd']);
/** Tests that ask whether a value exists, so it may be missing. */
const DEFINED_TESTS = new Set(['defined', 'undefined']);

/**
 * A value that may be missing (`x.y | default(…)`): its root name is not needed, but any name used to compute a
 * member (`x[key]`) or inside a call is.
 */
function walkGuarded(node: unknown, used: Set<string>, declared: Set<string>): void {
  if (!isNode(node)) return;
  if (node.typename === 'Symbol') return;
  if (node.typename === 'LookupVal') {
    walkGuarded(node.target, used, declared);
    if (isNode(node.val) && node.val.typename !== 'Literal') walk(node.val, used, declared);
    return;
  }
  walk(node, used, declared);
}
