/**
 * LLM-as-judge prompts for RagasMetrics, in the spirit of the RAGAS metrics but in our own words, and the parsers
 * of their JSON answers. A parser throws JudgeAnswerError when an answer does not have the asked shape: the block
 * turns that into a 0 for the metric plus a reason, never a failed record.
 */
import { parseLlmJson } from './llmJson';

class JudgeAnswerError extends Error {}

export const JUDGE_SYSTEM_PROMPT =
  'You are a meticulous evaluator of question-answering systems. You judge strictly from the texts you are given, ' +
  'never from your own knowledge, and you always answer with a single JSON object in exactly the requested shape.';

/** Questions generated back from an answer for answer_relevancy; three balance noise against cost. */
const RELEVANCY_QUESTIONS = 3;

function numbered(items: readonly string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

function contextBlock(contexts: readonly string[]): string {
  return contexts.map((c, i) => `[Context ${i + 1}]\n${c}`).join('\n\n');
}

/** faithfulness, step 1: the answer's claims, each standing on its own so it can be checked alone. */
export function statementsPrompt(question: string, answer: string): string {
  return [
    'Split the ANSWER below into short factual statements.',
    'Each statement must be understandable on its own: replace pronouns with what they refer to and keep one claim per statement.',
    'Leave out greetings, hedges and filler that claim nothing.',
    '',
    `QUESTION: ${question}`,
    `ANSWER: ${answer}`,
    '',
    'Respond with JSON: {"statements": ["<statement>", ...]}',
  ].join('\n');
}

/** faithfulness, step 2: is each claim backed by the retrieved contexts (not by world knowledge)? */
export function supportPrompt(contexts: readonly string[], statements: readonly string[]): string {
  return [
    'Below are CONTEXTS and numbered STATEMENTS. For every statement decide whether it is supported by the contexts:',
    'supported means it is stated in, or can be directly inferred from, the contexts. Anything else is unsupported,',
    'even if it is true in the real world.',
    '',
    'CONTEXTS:',
    contextBlock(contexts),
    '',
    'STATEMENTS:',
    numbered(statements),
    '',
    `Respond with JSON holding exactly ${statements.length} verdicts, in the order of the statements:`,
    '{"verdicts": [{"statement": <number>, "reason": "<one sentence>", "supported": true|false}, ...]}',
  ].join('\n');
}

/** answer_relevancy: questions the answer would answer; close to the real question means a relevant answer. */
export function reverseQuestionsPrompt(answer: string): string {
  return [
    `Read the ANSWER below and write ${RELEVANCY_QUESTIONS} different questions that this answer would be a direct reply to.`,
    'Also decide whether the answer is noncommittal: evasive, vague, or a refusal such as "I don\'t know" or "it depends".',
    '',
    `ANSWER: ${answer}`,
    '',
    'Respond with JSON: {"questions": ["<question>", ...], "noncommittal": true|false}',
  ].join('\n');
}

/** context_precision: was this one retrieved context useful for reaching the reference answer? */
export function contextUsefulPrompt(question: string, groundTruth: string, context: string): string {
  return [
    'Decide whether the CONTEXT below was useful for arriving at the REFERENCE ANSWER to the QUESTION.',
    'Useful means it contains information the reference answer relies on; merely being on the same topic is not enough.',
    '',
    `QUESTION: ${question}`,
    `REFERENCE ANSWER: ${groundTruth}`,
    '',
    'CONTEXT:',
    context,
    '',
    'Respond with JSON: {"reason": "<one sentence>", "useful": true|false}',
  ].join('\n');
}

/** context_recall: how much of the reference answer the retrieved contexts could have produced. */
export function recallPrompt(question: string, contexts: readonly string[], groundTruth: string): string {
  return [
    'Split the REFERENCE ANSWER below into short factual statements, one claim each.',
    'For each statement decide whether it can be attributed to the CONTEXTS (stated in them or directly inferable).',
    '',
    `QUESTION: ${question}`,
    `REFERENCE ANSWER: ${groundTruth}`,
    '',
    'CONTEXTS:',
    contextBlock(contexts),
    '',
    'Respond with JSON: {"statements": [{"statement": "<statement>", "reason": "<one sentence>", "attributed": true|false}, ...]}',
  ].join('\n');
}

/** The JSON object of a judge answer; `step` names the prompt in error messages. */
function judgeObject(content: string, step: string): Record<string, unknown> {
  const parsed = parseLlmJson(content);
  if (!parsed.ok) throw new JudgeAnswerError(`${step}: the judge's answer is not JSON (${parsed.error}): ${preview(content)}`);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JudgeAnswerError(`${step}: the judge's answer is not a JSON object: ${preview(content)}`);
  }
  return value as Record<string, unknown>;
}

export function parseStatements(content: string, step: string): string[] {
  const list = judgeObject(content, step).statements;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    throw new JudgeAnswerError(`${step}: expected "statements" to be a list of strings: ${preview(content)}`);
  }
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

/** Verdicts of a list-shaped answer, one per expected item, read from `key` of each entry. */
export function parseVerdictList(content: string, step: string, listKey: string, key: string, expected?: number): boolean[] {
  const list = judgeObject(content, step)[listKey];
  if (!Array.isArray(list)) throw new JudgeAnswerError(`${step}: expected a "${listKey}" list: ${preview(content)}`);
  if (expected !== undefined && list.length !== expected) {
    throw new JudgeAnswerError(`${step}: expected ${expected} verdicts, got ${list.length}`);
  }
  return list.map((entry, i) => {
    const verdict = typeof entry === 'object' && entry !== null ? toBoolean((entry as Record<string, unknown>)[key]) : undefined;
    if (verdict === undefined) throw new JudgeAnswerError(`${step}: entry ${i + 1} has no true/false "${key}": ${preview(content)}`);
    return verdict;
  });
}

export function parseVerdict(content: string, step: string, key: string): boolean {
  const verdict = toBoolean(judgeObject(content, step)[key]);
  if (verdict === undefined) throw new JudgeAnswerError(`${step}: expected a true/false "${key}": ${preview(content)}`);
  return verdict;
}

export function parseReverseQuestions(content: string, step: string): { questions: string[]; noncommittal: boolean } {
  const answer = judgeObject(content, step);
  const noncommittal = toBoolean(answer.noncommittal) ?? false;
  const questions = Array.isArray(answer.questions) ? answer.questions.filter((q): q is string => typeof q === 'string' && q.trim() !== '') : [];
  if (!noncommittal && questions.length === 0) {
    throw new JudgeAnswerError(`${step}: expected "questions" to be a non-empty list of strings: ${preview(content)}`);
  }
  return { questions, noncommittal };
}

/** Small models write verdicts as "yes", "no", 1 or 0 as often as true/false; all mean the same here. */
function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === 'yes' || v === '1') return true;
    if (v === 'false' || v === 'no' || v === '0') return false;
  }
  return undefined;
}

function preview(content: string): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat || '(empty)';
}
