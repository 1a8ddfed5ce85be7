import { lexTemplate, parseTemplate, type AstNode, type TemplateToken } from './nunjucksInternals';
import { templateErrorText } from './templateErrorText';

const UNSUPPORTED_TAGS: Record<string, string> = { Import: 'import', FromImport: 'from … import', Include: 'include', Extends: 'extends' };

/**
 * What makes a template unusable before it runs, in words for the user, or undefined: a syntax error; `{% import %}`,
 * `{% include %}`, `{% extends %}` (templates are single config values, there are no template files to load); a
 * number in exponent notation, which Nunjucks reads as a variable name (`1e9`) or as a number followed by one
 * (`1.5e3`).
 */
export function templateSourceProblem(source: string): string | undefined {
  // First: `1.5e-3` is also a syntax error, and the number is the reason.
  const number = exponentLiteralProblem(source);
  if (number) return number;
  let root: AstNode;
  try {
    root = parseTemplate(source);
  } catch (e) {
    return `template syntax error: ${templateErrorText(e)}`;
  }
  return unsupportedTagProblem(root);
}

/** `{% import %}`, `{% include %}`, `{% extends %}` in a parsed template, in words, or undefined. */
export function unsupportedTagProblem(root: unknown): string | undefined {
  const tag = findUnsupportedTag(root);
  if (!tag) return undefined;
  return `{% ${UNSUPPORTED_TAGS[tag.typename]} %} is not supported${at(tag)}: a template is a single config value and cannot load other templates. Put the text in this template instead.`;
}

function findUnsupportedTag(node: unknown): AstNode | undefined {
  if (typeof node !== 'object' || node === null || typeof (node as AstNode).typename !== 'string') return undefined;
  const n = node as AstNode;
  if (n.typename in UNSUPPORTED_TAGS) return n;
  for (const field of n.fields ?? []) {
    const found = findUnsupportedTag(n[field]);
    if (found) return found;
  }
  for (const child of n.children ?? []) {
    const found = findUnsupportedTag(child);
    if (found) return found;
  }
  return undefined;
}

/** A number in exponent notation (`1e9`, `1.5e-3`), in words with the way to write it, or undefined. */
export function exponentLiteralProblem(source: string): string | undefined {
  const lexer = lexTemplate(source);
  const tokens: TemplateToken[] = [];
  try {
    for (let t = lexer.nextToken(); t; t = lexer.nextToken()) tokens.push(t);
  } catch {
    return undefined; // the parser accepted it; nothing more to say
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let text: string | undefined;
    let used = 1;
    if (t.type === 'symbol' && /^\d/.test(t.value)) {
      text = t.value;
    } else if ((t.type === 'float' || t.type === 'int') && tokens[i + 1]?.type === 'symbol' && /^[eE]\d*$/.test(tokens[i + 1].value) && adjacent(t, tokens[i + 1])) {
      text = t.value + tokens[i + 1].value;
      used = 2;
    }
    if (text === undefined) continue;
    // `1e-3` / `1.5e+3`: the sign and digits come as separate tokens.
    const sign = tokens[i + used];
    const digits = tokens[i + used + 1];
    if (/[eE]$/.test(text) && sign?.type === 'operator' && (sign.value === '-' || sign.value === '+') && digits?.type === 'int') {
      text += sign.value + digits.value;
    }
    const value = Number(text);
    const hint = Number.isFinite(value) ? `write ${plain(value)}` : 'write the number out in digits';
    return `the number '${text}' (line ${t.lineno + 1}, column ${t.colno + 1}) is not understood by templates, which have no exponent notation: ${hint}.`;
  }
  return undefined;
}

function adjacent(a: TemplateToken, b: TemplateToken): boolean {
  return a.lineno === b.lineno && a.colno + a.value.length === b.colno;
}

function plain(n: number): string {
  return Number.isInteger(n) ? BigInt(n).toString() : n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function at(node: AstNode): string {
  return typeof node.lineno === 'number' ? ` (line ${node.lineno + 1}, column ${(node.colno ?? 0) + 1})` : '';
}
