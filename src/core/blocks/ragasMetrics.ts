import { BlockExecutionError } from '../errors';
import { addUsage, emptyUsage, type TokenUsage } from '../llm/llmTypes';
import { templateVariables } from '../templates/templateVariables';
import type { BlockContext, NormalBlockDefinition } from './blockTypes';
import { modelConfig, numberConfig, resolveStringList } from './configValues';
import { fieldRoot, readFieldPath } from './fieldPath';
import {
  contextUsefulPrompt,
  JUDGE_SYSTEM_PROMPT,
  parseReverseQuestions,
  parseStatements,
  parseVerdict,
  parseVerdictList,
  recallPrompt,
  reverseQuestionsPrompt,
  statementsPrompt,
  supportPrompt,
} from './ragasPrompts';
import { cosine, embedTexts, errorMessage, isCancellation, round4 } from './vectorMath';

const RAGAS_METRIC_NAMES = ['answer_relevancy', 'context_precision', 'context_recall', 'faithfulness'] as const;
export type RagasMetricName = (typeof RAGAS_METRIC_NAMES)[number];

interface RagasInputs {
  question: string;
  answer: string;
  contexts: string[];
  ground_truth: string;
}

/** The inputs each metric cannot do without; a metric missing one scores 0. */
const METRIC_NEEDS: Record<RagasMetricName, (keyof RagasInputs)[]> = {
  answer_relevancy: ['question', 'answer'],
  context_precision: ['question', 'contexts', 'ground_truth'],
  context_recall: ['question', 'contexts', 'ground_truth'],
  faithfulness: ['question', 'answer', 'contexts'],
};

/** The judge model and the embedding model of one evaluation, summing the usage of every call. */
class Judge {
  readonly usage: TokenUsage = emptyUsage();
  constructor(
    private readonly ctx: BlockContext,
    private readonly model: string | undefined,
    private readonly embeddingModel: string | undefined,
  ) {}

  async ask<T>(prompt: string, parse: (content: string) => T): Promise<T> {
    const response = await this.ctx.llm.chat(
      {
        model: this.model,
        messages: [
          { role: 'system', content: JUDGE_SYSTEM_PROMPT },
          { role: 'user', content: prompt },
        ],
        // A judge should give the same verdict twice.
        temperature: 0,
        responseFormat: { type: 'json_object' },
      },
      this.ctx.signal,
    );
    addUsage(this.usage, response.usage);
    return parse(response.content);
  }

  async embed(texts: string[]): Promise<number[][]> {
    const response = await embedTexts(this.ctx.llm, this.embeddingModel, texts, this.ctx.signal);
    addUsage(this.usage, response.usage);
    return response.vectors;
  }
}

const SCORERS: Record<RagasMetricName, (judge: Judge, inputs: RagasInputs) => Promise<number>> = {
  async faithfulness(judge, { question, answer, contexts }) {
    const statements = await judge.ask(statementsPrompt(question, answer), (c) => parseStatements(c, 'faithfulness statements'));
    if (statements.length === 0) throw new Error('faithfulness: no statement could be extracted from the answer');
    const verdicts = await judge.ask(supportPrompt(contexts, statements), (c) =>
      parseVerdictList(c, 'faithfulness verdicts', 'verdicts', 'supported', statements.length),
    );
    return verdicts.filter(Boolean).length / verdicts.length;
  },

  async answer_relevancy(judge, { question, answer }) {
    const { questions, noncommittal } = await judge.ask(reverseQuestionsPrompt(answer), (c) => parseReverseQuestions(c, 'answer_relevancy'));
    // An evasive answer is irrelevant however on-topic the questions it suggests.
    if (noncommittal) return 0;
    const [asked, ...generated] = await judge.embed([question, ...questions]);
    const mean = generated.reduce((s, v) => s + cosine(asked, v), 0) / generated.length;
    return Math.min(1, Math.max(0, mean));
  },

  async context_precision(judge, { question, contexts, ground_truth }) {
    const useful = await Promise.all(
      contexts.map((context, i) =>
        judge.ask(contextUsefulPrompt(question, ground_truth, context), (c) => parseVerdict(c, `context_precision context ${i + 1}`, 'useful')),
      ),
    );
    // Average precision over the ranks of the useful contexts: useful contexts ranked first score higher.
    let hits = 0;
    let sum = 0;
    useful.forEach((isUseful, k) => {
      if (isUseful) {
        hits += 1;
        sum += hits / (k + 1);
      }
    });
    return hits === 0 ? 0 : sum / hits;
  },

  async context_recall(judge, { question, contexts, ground_truth }) {
    const attributed = await judge.ask(recallPrompt(question, contexts, ground_truth), (c) =>
      parseVerdictList(c, 'context_recall', 'statements', 'attributed'),
    );
    if (attributed.length === 0) throw new Error('context_recall: no statement could be extracted from the ground truth');
    return attributed.filter(Boolean).length / attributed.length;
  },
};

/**
 * Scores one question/answer record with RAGAS-style metrics, using the LLM as judge (and embeddings for
 * answer_relevancy). A metric that cannot be computed (missing inputs, a malformed judge answer, a failing model)
 * scores 0 and says why in `_ragas_errors`; only cancellation stops the record.
 */
export const ragasMetrics: NormalBlockDefinition = {
  type: 'RagasMetrics',
  name: 'Ragas Metrics',
  description: 'Evaluate a question/answer record with RAGAS-style metrics (faithfulness, relevancy, context precision and recall).',
  category: 'metrics',
  inputs: ['*'],
  outputs: ['ragas_scores', '_ragas_errors'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      question_field: { type: 'string', default: 'question', isFieldReference: true, description: 'Field holding the question.' },
      answer_field: { type: 'string', default: 'answer', isFieldReference: true, description: 'Field holding the answer.' },
      contexts_field: {
        type: 'string',
        default: 'contexts',
        isFieldReference: true,
        description: 'Field holding the retrieved contexts (a list of strings, a JSON list, or one string).',
      },
      ground_truth_field: { type: 'string', default: 'ground_truth', isFieldReference: true, description: 'Field holding the expected answer.' },
      metrics: {
        type: ['array', 'string'],
        items: { type: 'string', enum: RAGAS_METRIC_NAMES },
        default: '["faithfulness"]',
        format: 'json-or-template',
        description: 'Metrics to compute: answer_relevancy, context_precision, context_recall, faithfulness.',
      },
      score_threshold: { type: 'number', default: 0.5, minimum: 0, maximum: 1, description: 'Minimum score (0–1) every non-zero metric needs to pass.' },
      model: { type: ['string', 'null'], default: null, modelKind: 'llm', description: 'Judge model; empty uses the default model.' },
      embedding_model: {
        type: ['string', 'null'],
        default: null,
        modelKind: 'embedding',
        description: 'Embedding model for answer_relevancy; empty uses the default embedding model.',
      },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields(config) {
    // Missing inputs score 0 rather than failing, so no seed field is strictly required.
    const m = config.metrics;
    return typeof m === 'string' && m.includes('{') ? templateVariables(m) : [];
  },
  optionalFields(config) {
    const metrics = configuredMetrics(config.metrics);
    const inputs: [keyof RagasInputs, string][] = [
      ['question', 'question_field'],
      ['answer', 'answer_field'],
      ['contexts', 'contexts_field'],
      ['ground_truth', 'ground_truth_field'],
    ];
    return inputs.flatMap(([input, key]) => {
      const needing = metrics.filter((m) => METRIC_NEEDS[m].includes(input));
      if (needing.length === 0) return [];
      const name = config[key];
      return [{ anyOf: [fieldRoot(typeof name === 'string' && name.trim() !== '' ? name.trim() : input)], whenMissing: `scores 0 on ${needing.join(', ')} (the reason in _ragas_errors)` }];
    });
  },
  async execute(ctx) {
    const metrics = await selectedMetrics(ctx);
    const threshold = Math.min(1, Math.max(0, numberConfig(ctx, 'score_threshold')));
    const field = (key: string, fallback: string): unknown => {
      const name = ctx.config[key];
      return readFieldPath(ctx.state, typeof name === 'string' && name.trim() !== '' ? name.trim() : fallback);
    };
    const inputs: RagasInputs = {
      question: textOf(field('question_field', 'question')),
      answer: textOf(field('answer_field', 'answer')),
      contexts: normaliseContexts(field('contexts_field', 'contexts')),
      ground_truth: textOf(field('ground_truth_field', 'ground_truth')),
    };
    const judge = new Judge(ctx, modelConfig(ctx), modelConfig(ctx, 'embedding_model'));
    const errors: Record<string, string> = {};
    const scores = await Promise.all(
      metrics.map(async (metric): Promise<number> => {
        const missing = missingInputs(metric, inputs);
        if (missing.length > 0) {
          errors[metric] = `${metric} requires: ${missing.join(', ')}`;
          return 0;
        }
        try {
          return round4(await SCORERS[metric](judge, inputs));
        } catch (e) {
          if (isCancellation(e, ctx.signal)) throw e;
          errors[metric] = errorMessage(e);
          return 0;
        }
      }),
    );
    const ragas_scores: Record<string, number | boolean> = {};
    metrics.forEach((m, i) => (ragas_scores[m] = scores[i]));
    const nonZero = scores.filter((s) => s > 0);
    ragas_scores.passed = nonZero.length > 0 && nonZero.every((s) => s >= threshold);
    const output: Record<string, unknown> = { ragas_scores };
    if (Object.keys(errors).length > 0) output._ragas_errors = errors;
    return { output, usage: judge.usage };
  },
};

/**
 * Inputs a metric lacks. Without a question or an answer nothing is worth judging, so every metric lacks them then
 * (even context_recall, which never reads the answer): the reference scores all metrics 0 in that case.
 */
function missingInputs(metric: RagasMetricName, inputs: RagasInputs): (keyof RagasInputs)[] {
  const hasQuestionAndAnswer = inputs.question !== '' && inputs.answer !== '';
  const needs = new Set<keyof RagasInputs>([...(hasQuestionAndAnswer ? [] : (['question', 'answer'] as const)), ...METRIC_NEEDS[metric]]);
  return [...needs].filter((k) => (k === 'contexts' ? inputs.contexts.length === 0 : inputs[k] === ''));
}

/** The metrics a config selects, as far as the config alone tells (a template may select any). */
function configuredMetrics(value: unknown): RagasMetricName[] {
  let names: unknown = value;
  if (typeof value === 'string') {
    try {
      names = value.includes('{') ? RAGAS_METRIC_NAMES : JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(names) ? RAGAS_METRIC_NAMES.filter((m) => names.includes(m)) : [];
}

async function selectedMetrics(ctx: BlockContext): Promise<RagasMetricName[]> {
  const names = await resolveStringList(ctx, 'metrics');
  if (names.length === 0) {
    throw new BlockExecutionError(`metrics must name at least one of: ${RAGAS_METRIC_NAMES.join(', ')}`, ctx.blockId, ctx.blockType);
  }
  const unknown = names.filter((n) => !(RAGAS_METRIC_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new BlockExecutionError(
      `unknown metric(s) ${unknown.map((n) => `'${n}'`).join(', ')} in metrics; allowed: ${RAGAS_METRIC_NAMES.join(', ')}`,
      ctx.blockId,
      ctx.blockType,
    );
  }
  return [...new Set(names)] as RagasMetricName[];
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Contexts arrive as a list, as a JSON list in a string (FieldMapper's `| tojson`), or as one plain string. */
export function normaliseContexts(value: unknown): string[] {
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return [];
    if (s.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(s);
        if (Array.isArray(parsed)) return normaliseContexts(parsed);
      } catch {
        // Not JSON after all: a context that happens to start with "[" is still a context.
      }
    }
    return [s];
  }
  if (Array.isArray(value)) return value.map(textOf).filter((c) => c !== '');
  return [];
}
