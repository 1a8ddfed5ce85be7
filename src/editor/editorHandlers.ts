import type { BlockRegistry } from '../core/blocks/blockTypes';
import { checkConnection } from '../core/pipeline/connectionRules';
import { applyPipelineEdit, PipelineEditError, type TextChange } from '../core/pipeline/pipelineEdits';
import { templateSourceProblem } from '../core/templates/templateSourceCheck';
import { templateVariables } from '../core/templates/templateVariables';
import { expectInteger, expectObject, expectString } from '../host/messageGuards';
import type { RpcHandlers } from '../host/rpcHost';
import { EDITOR_ERROR, type EditorMethods } from '../shared/editorProtocol';
import { parseEditorEdit } from './parseEditorEdit';

/** The document an editor works on, without the VS Code API (tests and the benchmark supply their own). */
export interface EditorDocument {
  text(): string;
  version(): number;
  /** Applies one change to the document (a WorkspaceEdit in VS Code); false when the editor refused it. */
  apply(change: TextChange): Promise<boolean>;
}

/** What the handlers ask of the host besides the document. */
export interface EditorActions {
  registry(): BlockRegistry;
  generate(): Promise<void>;
  reopenAsText(): Promise<void>;
  revealInText(line: number, column: number): Promise<void>;
  /** DataGenFlow: Choose Seed File for Pipeline for this file. */
  chooseSeedFile(): Promise<void>;
  /** DataGenFlow: Try Seed for this file. */
  trySeed(): Promise<void>;
}

/** An edit the host refused, with the words for the user and a code the webview reacts to. */
export class EditorRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'EditorRequestError';
  }
}

const noParams = (p: unknown) => {
  if (p !== undefined) expectObject(p, 'params');
  return {} as Record<string, never>;
};

/** The editor protocol's host end: edits become one minimal text change each. */
export function editorHandlers(doc: EditorDocument, actions: EditorActions): RpcHandlers<EditorMethods> {
  return {
    edit: {
      parse: (p) => ({ edit: parseEditorEdit(expectObject(p, 'params').edit, 'params.edit') }),
      handle: async ({ edit }) => {
        const text = doc.text();
        if (edit.kind === 'connect') {
          let current: unknown;
          try {
            current = JSON.parse(text);
          } catch {
            throw new EditorRequestError('The file is not valid JSON right now, so the canvas cannot change it; fix it in the text editor first.', EDITOR_ERROR.EditFailed);
          }
          const verdict = checkConnection(current, edit.source, edit.target, actions.registry());
          if (!verdict.ok) throw new EditorRequestError(verdict.reason, EDITOR_ERROR.ConnectionRefused);
        }
        let result;
        try {
          result = applyPipelineEdit(text, edit);
        } catch (e) {
          if (e instanceof PipelineEditError) throw new EditorRequestError(e.message, EDITOR_ERROR.EditFailed);
          throw e;
        }
        for (const change of result.changes) {
          if (!(await doc.apply(change))) throw new EditorRequestError('VS Code did not apply the change (the file may be read-only or changed meanwhile); try again.', EDITOR_ERROR.EditFailed);
        }
        return { version: doc.version(), ...(result.createdId ? { createdId: result.createdId } : {}) };
      },
    },
    generate: { parse: noParams, handle: async () => (await actions.generate(), null) },
    reopenAsText: { parse: noParams, handle: async () => (await actions.reopenAsText(), null) },
    chooseSeedFile: { parse: noParams, handle: async () => (await actions.chooseSeedFile(), null) },
    trySeed: { parse: noParams, handle: async () => (await actions.trySeed(), null) },
    revealInText: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { line: expectInteger(o.line, 'params.line', 1), column: expectInteger(o.column, 'params.column', 1) };
      },
      handle: async ({ line, column }) => (await actions.revealInText(line, column), null),
    },
    templateVariables: {
      parse: (p) => ({ template: expectString(expectObject(p, 'params').template, 'params.template') }),
      handle: ({ template }) => {
        // Syntax errors, unsupported tags and exponent numbers in words (not as Nunjucks prints them, nor as variables).
        const problem = templateSourceProblem(template);
        if (problem) return { variables: [], error: problem };
        try {
          return { variables: templateVariables(template) };
        } catch (e) {
          return { variables: [], error: e instanceof Error ? e.message : String(e) };
        }
      },
    },
  };
}

/** Typed errors become protocol errors at this edge. */
export function describeEditorError(error: unknown): { message: string; code?: string } {
  if (error instanceof EditorRequestError) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error) };
}
