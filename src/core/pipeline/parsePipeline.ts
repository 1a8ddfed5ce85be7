import type { BlockRegistry } from '../blocks/blockTypes';
import type { Locate } from '../json/jsonLocator';
import { parseJsonDocument } from '../json/parseJsonDocument';
import type { Problem } from '../problems';
import { PipelineProblemCode } from './pipelineProblemCodes';
import type { PipelineFile } from './pipelineTypes';
import { validatePipeline, type ValidateOptions } from './validatePipeline';

export interface ParsedPipeline {
  /**
   * The pipeline, whenever the text is JSON with the shape of a pipeline file, even if it has other problems
   * (unknown block type, bad config, unconnected blocks): the editor shows those on the canvas. Undefined for bad
   * JSON or a schema violation, where the editor shows the problems and offers the text editor instead.
   */
  pipeline?: PipelineFile;
  /** Every problem, ranged in `text`. The pipeline can run only if none is an error. */
  problems: Problem[];
  /** Range of any JSON path in `text`, e.g. to reveal a block in the text editor. */
  locate: Locate;
}

/** Parses and validates the text of a `*.dgf.json` file (strict JSON: no comments, no trailing commas). */
export function parsePipeline(text: string, registry: BlockRegistry, options: ValidateOptions = {}): ParsedPipeline {
  const document = parseJsonDocument(text);
  if (document.value === undefined) return { problems: document.problems, locate: document.locate };
  const problems = [...document.problems, ...validatePipeline(document.value, registry, document.locate, options)];
  const shapeOk = !problems.some((p) => p.code === PipelineProblemCode.Schema);
  return { pipeline: shapeOk ? (document.value as PipelineFile) : undefined, problems, locate: document.locate };
}
