import * as vscode from 'vscode';
import { templateCompletionAt } from '../core/pipeline/templateCursor';
import { originText, seedSourceNote } from './originText';
import type { TemplateLanguageService } from './templateLanguageService';

/** In a block's template, inside `{{ … }}` or `{% … %}`: the fields available at that block, with their origin. */
export class TemplateCompletionProvider implements vscode.CompletionItemProvider {
  /** `{{` and `{{ ` open an expression; names typed after them are completed as words. */
  static readonly triggerCharacters = ['{', ' '];

  constructor(private readonly service: TemplateLanguageService) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const analysis = await this.service.analysis(document);
    const at = templateCompletionAt(analysis, document.offsetAt(position));
    if (!at) return undefined;
    const start = document.positionAt(at.replaceOffset);
    const range = { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, document.positionAt(at.replaceOffset + at.replaceLength)) };
    const note = seedSourceNote(analysis.seedFields);
    const items = at.fields.map((field, i) => {
      const detail = originText(field.origin, analysis.seedFields);
      const item = new vscode.CompletionItem({ label: field.name, description: detail }, vscode.CompletionItemKind.Field);
      item.detail = detail;
      if (field.origin.kind === 'seed' && note) item.documentation = note;
      item.range = range;
      item.sortText = `0${String(i).padStart(4, '0')}`;
      return item;
    });
    const builtins = at.builtins.map((name) => {
      const item = new vscode.CompletionItem({ label: name, description: 'built-in' }, vscode.CompletionItemKind.Function);
      item.detail = 'Nunjucks built-in';
      item.range = range;
      item.sortText = `1${name}`;
      return item;
    });
    return [...items, ...builtins];
  }
}
