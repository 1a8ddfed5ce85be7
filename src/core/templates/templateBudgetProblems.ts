import { rangeLength } from './templateEnvironment';
import { formatBytes, MAX_RANGE_ITEMS, RENDER_LIMIT_SETTINGS, type RenderLimits } from './renderLimits';
import { parseTemplate, type AstNode } from './nunjucksInternals';
import { exponentLiteralProblem, unsupportedTagProblem } from './templateSourceCheck';

/**
 * Loop iterations per second no Nunjucks render reaches (it runs about 200,000 on a fast machine): a template whose
 * literal loops need more than this many per second of the time budget is sure to go over it.
 */
const ITERATIONS_PER_SECOND_CEILING = 10_000_000;


/**
 * What is sure to fail in a template before any data reaches it, for `verify` and the editor: `{% import %}` and
 * friends, exponent numbers, and budgets that literal values already exceed (a `range` over the item cap, nested
 * literal loops too long for the time budget or writing more than the output budget, `center`/`indent` wider than
 * the output budget). Nothing for a template that does not parse (the config check reports that).
 */
export function templateBudgetProblems(source: string, limits: RenderLimits): string[] {
  if (!source.includes('{')) return [];
  const exponent = exponentLiteralProblem(source);
  if (exponent) return [exponent];
  let root: AstNode;
  try {
    root = parseTemplate(source);
  } catch {
    return [];
  }
  const unsupported = unsupportedTagProblem(root);
  if (unsupported) return [unsupported];
  const problems: string[] = [];
  visit(root, 1, limits, problems);
  return problems;
}

function visit(node: unknown, iterations: number, limits: RenderLimits, problems: string[]): void {
  if (!isNode(node)) return;
  if (node.typename === 'For') {
    const count = literalRangeCount(node.arr);
    const inner = count === undefined ? iterations : iterations * count;
    if (count !== undefined && count <= MAX_RANGE_ITEMS) checkLoop(node, inner, limits, problems);
    visit(node.arr, iterations, limits, problems);
    visit(node.body, inner, limits, problems);
    visit(node.else_, iterations, limits, problems);
    return;
  }
  if (node.typename === 'FunCall' && isSymbol(node.name, 'range')) {
    const count = literalRangeCount(node);
    if (count !== undefined && count > MAX_RANGE_ITEMS) {
      problems.push(`${callText(node)}${at(node)} would build ${fmt(count)} items; a template's range() may build at most ${fmt(MAX_RANGE_ITEMS)}.`);
    }
  }
  if (node.typename === 'Filter' && (isSymbol(node.name, 'center') || isSymbol(node.name, 'indent'))) {
    const args = (node.args as AstNode | undefined)?.children ?? [];
    const width = literalNumber(args[1]);
    const sure = isSymbol(node.name, 'center') || literalValue(args[2]) === true;
    if (width !== undefined && sure && width > limits.maxBytes) {
      problems.push(
        `${String((node.name as AstNode).value)}(${width})${at(node)} builds ${formatBytes(width)} of text, over the ${formatBytes(limits.maxBytes)} output budget ` +
          `(raise ${RENDER_LIMIT_SETTINGS.maxBytes} if you need it).`,
      );
    }
  }
  for (const field of node.fields ?? []) visit(node[field], iterations, limits, problems);
  for (const child of node.children ?? []) visit(child, iterations, limits, problems);
}

/** A loop whose literal ranges (with those around it) are sure to go over the time or the output budget. */
function checkLoop(loop: AstNode, iterations: number, limits: RenderLimits, problems: string[]): void {
  const ceiling = (limits.timeoutMs / 1000) * ITERATIONS_PER_SECOND_CEILING;
  if (iterations > ceiling) {
    problems.push(
      `the loop${at(loop)} runs ${fmt(iterations)} times (with the loops around it), more than any render finishes in the ${limits.timeoutMs} ms time budget ` +
        `(raise ${RENDER_LIMIT_SETTINGS.timeoutMs}, or loop less).`,
    );
    return;
  }
  const text = literalTextOf(loop.body);
  if (text > 0 && iterations * text > limits.maxBytes) {
    problems.push(
      `the loop${at(loop)} writes at least ${formatBytes(iterations * text)} (${fmt(iterations)} times ${text} characters), over the ${formatBytes(limits.maxBytes)} output budget ` +
        `(raise ${RENDER_LIMIT_SETTINGS.maxBytes} if you need it).`,
    );
  }
}

/** Characters of plain text a loop body writes on every iteration (outside any tag that may skip it). */
function literalTextOf(body: unknown): number {
  if (!isNode(body)) return 0;
  let total = 0;
  for (const child of body.children ?? []) {
    if (child.typename === 'Output') {
      for (const part of child.children ?? []) if (part.typename === 'TemplateData') total += String(part.value ?? '').length;
    }
  }
  return total;
}

/** Items of `range(<literals>)`, or undefined when it is not a range over literal numbers. */
function literalRangeCount(node: unknown): number | undefined {
  if (!isNode(node) || node.typename !== 'FunCall' || !isSymbol(node.name, 'range')) return undefined;
  const args = ((node.args as AstNode | undefined)?.children ?? []).map(literalNumber);
  if (args.length === 0 || args.length > 3 || args.some((a) => a === undefined)) return undefined;
  const [a, b, c] = args as number[];
  return args.length === 1 ? rangeLength(0, a, 1) : rangeLength(a, b, c === undefined || c === 0 ? 1 : c);
}

function literalNumber(node: unknown): number | undefined {
  if (!isNode(node)) return undefined;
  if (node.typename === 'Neg') {
    const inner = literalNumber(node.target);
    return inner === undefined ? undefined : -inner;
  }
  return node.typename === 'Literal' && typeof node.value === 'number' ? node.value : undefined;
}

function literalValue(node: unknown): unknown {
  return isNode(node) && node.typename === 'Literal' ? node.value : undefined;
}

function callText(node: AstNode): string {
  const args = ((node.args as AstNode | undefined)?.children ?? []).map((a) => String(literalNumber(a)));
  return `range(${args.join(', ')})`;
}

function isSymbol(node: unknown, name: string): boolean {
  return isNode(node) && node.typename === 'Symbol' && node.value === name;
}

function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as AstNode).typename === 'string';
}

function at(node: AstNode): string {
  return typeof node.lineno === 'number' ? ` (line ${node.lineno + 1}, column ${(node.colno ?? 0) + 1})` : '';
}

function fmt(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : 'unboundedly many';
}
