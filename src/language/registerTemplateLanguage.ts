import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { SeedFieldsCache } from './seedFieldsCache';
import { TemplateCompletionProvider } from './templateCompletionProvider';
import { watchTemplateDiagnostics } from './templateDiagnostics';
import { TemplateHoverProvider } from './templateHoverProvider';
import { TemplateLanguageService } from './templateLanguageService';

/** Pipeline files in any text editor, whatever language mode they are in. */
const PIPELINES: vscode.DocumentSelector = { pattern: '**/*.dgf.json' };

/**
 * Templates understood in the text editor of a `*.dgf.json`: completion of the fields available at each block, hover
 * saying where a variable comes from, undefined variables in the Problems panel. The seed fields come from the
 * pipeline's associated seed file (see seedAssociation.ts; DataGenFlow: Choose Seed File for Pipeline sets it).
 */
export function registerTemplateLanguage(services: Services): vscode.Disposable[] {
  const seeds = new SeedFieldsCache();
  const service = new TemplateLanguageService(services, seeds);
  return [
    seeds,
    service,
    vscode.languages.registerCompletionItemProvider(PIPELINES, new TemplateCompletionProvider(service), ...TemplateCompletionProvider.triggerCharacters),
    vscode.languages.registerHoverProvider(PIPELINES, new TemplateHoverProvider(service)),
    watchTemplateDiagnostics(service, services.log),
  ];
}
