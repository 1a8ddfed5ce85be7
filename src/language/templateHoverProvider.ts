import * as vscode from 'vscode';
import { closestName } from '../core/pipeline/closestName';
import type { TemplateAnalysis, TemplateVariable } from '../core/pipeline/templateAnalysis';
import { templateVariableAt } from '../core/pipeline/templateCursor';
import { originText, seedSourceNote } from './originText';
import type { TemplateLanguageService } from './templateLanguageService';

/** On a variable in a block's template: where its value comes from, or that the block has no such field. */
export class TemplateHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: TemplateLanguageService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analysis = await this.service.analysis(document);
    const found = templateVariableAt(analysis, document.offsetAt(position));
    if (!found) return undefined;
    const { template, variable } = found;
    const text = new vscode.MarkdownString();
    text.appendMarkdown(`**${variable.name}** — `);
    text.appendText(describe(variable, template.block.id, analysis));
    const range = new vscode.Range(document.positionAt(variable.offset), document.positionAt(variable.offset + variable.length));
    return new vscode.Hover(text, range);
  }
}

function describe(variable: TemplateVariable, blockId: string, analysis: TemplateAnalysis): string {
  const seeds = analysis.seedFields;
  const seedFile = seeds.kind === 'file' ? seeds.fileName : 'the seeds';
  switch (variable.status) {
    case 'field': {
      const origin = variable.origin ?? { kind: 'seed' };
      const note = origin.kind === 'seed' ? seedSourceNote(seeds) : undefined;
      return `${originText(origin, seeds)}.${note ? ` ${note}` : ''}`;
    }
    case 'builtin':
      return 'Nunjucks built-in.';
    case 'template':
      return 'set in this template ({% set %}, a loop or macro variable).';
    case 'guarded':
      return `not a field at block "${blockId}": read with a fallback (default, is defined), so the template renders without it.`;
    case 'undefined': {
      const guess = closestName(variable.name, analysis.fieldsAt.get(blockId)?.fields.map((f) => f.name) ?? []);
      return `undefined at block "${blockId}": not a field of ${seedFile} nor an output of a block before it, so the run would fail here.${guess ? ` Did you mean '${guess}'?` : ''}`;
    }
    case 'unknown':
      return `not a named field at block "${blockId}": a block before it writes fields it does not declare, or no path from Start reaches this block, so it cannot be checked here.`;
  }
}
