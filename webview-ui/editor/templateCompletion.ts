// Completion of `{{` in the canvas' prompt fields: where a completion starts, which fields it offers, and the text
// after one is chosen. Pure functions over the text and the caret (the component holds the list's state).
import type { EditorField } from '../../src/shared/editorProtocol';

/** An open completion: the `{{` starts at `start`, the name typed so far is `prefix`. */
export interface CompletionSite {
  start: number;
  prefix: string;
}

/** Where `{{` (with an optional `-` and a name being typed) ends right at the caret; undefined elsewhere. */
export function completionSite(text: string, caret: number): CompletionSite | undefined {
  const match = /\{\{-?\s*([A-Za-z_][\w]*)?$/.exec(text.slice(0, caret));
  return match ? { start: match.index, prefix: match[1] ?? '' } : undefined;
}

/** The fields whose name starts with the prefix, then those that contain it (case-insensitive), each in order. */
export function matchingFields(fields: readonly EditorField[], prefix: string): EditorField[] {
  const p = prefix.toLowerCase();
  const starts = fields.filter((f) => f.name.toLowerCase().startsWith(p));
  const contains = fields.filter((f) => !f.name.toLowerCase().startsWith(p) && f.name.toLowerCase().includes(p));
  return [...starts, ...contains];
}

/**
 * The text with `{{ name }}` in place of the `{{` and partial name at the site, also replacing the rest of a name
 * right after the caret and a closing `}}` already there; the caret goes after the inserted `}}`.
 */
export function insertCompletion(text: string, caret: number, site: CompletionSite, name: string): { text: string; caret: number } {
  const rest = text.slice(caret);
  const tail = /^[\w]*(\s*-?\}\})?/.exec(rest)?.[0] ?? '';
  const inserted = `{{ ${name} }}`;
  return { text: text.slice(0, site.start) + inserted + rest.slice(tail.length), caret: site.start + inserted.length };
}
