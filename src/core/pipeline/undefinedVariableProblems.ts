import type { Problem } from '../problems';
import { closestName } from './closestName';
import { blockLabel } from './pipelineLabels';
import { PipelineProblemCode } from './pipelineProblemCodes';
import type { TemplateAnalysis } from './templateAnalysis';

const LISTED_FIELDS = 20;

/**
 * An error at the exact range of each variable a run would fail on: read without a fallback, and neither a field
 * of the seed file nor an output of a block before the template's block. Nothing while the text is not valid JSON
 * (its syntax errors come first) or where the fields cannot be told (see VariableStatus `unknown`).
 */
export function undefinedVariableProblems(analysis: TemplateAnalysis): Problem[] {
  if (analysis.recovered || analysis.seedFields.kind !== 'file') return [];
  const seedFile = analysis.seedFields.fileName;
  const problems: Problem[] = [];
  for (const template of analysis.templates) {
    const available = (analysis.fieldsAt.get(template.block.id)?.fields ?? []).map((f) => f.name);
    for (const variable of template.variables) {
      if (variable.status !== 'undefined') continue;
      const guess = closestName(variable.name, available);
      const listed = available.length > LISTED_FIELDS ? `${available.slice(0, LISTED_FIELDS).join(', ')}, …` : available.join(', ') || '(none)';
      problems.push({
        severity: 'error',
        code: PipelineProblemCode.TemplateUndefinedVariable,
        message:
          `${blockLabel(template.block)}, config "${template.field.join('.')}": undefined variable '${variable.name}': ` +
          `not a field of the seed file ${seedFile} nor an output of a block before this one, so the run would fail here.` +
          `${guess ? ` Did you mean '${guess}'?` : ''} Available here: ${listed}.`,
        path: ['blocks', template.block.index, 'config', ...template.field],
        range: variable.range,
        blockId: template.block.id,
      });
    }
  }
  return problems;
}
