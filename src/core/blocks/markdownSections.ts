/**
 * Markdown split into heading sections, like LlamaIndex's MarkdownNodeParser (what the original Markdown Chunker
 * used): every heading starts a new section that keeps its heading line, text before the first heading is a section
 * of its own, sections are trimmed and blank ones dropped.
 */
import { Lexer } from 'marked';

/**
 * Headings are found with marked's CommonMark/GFM lexer instead of a `#` regex over lines, so `#` lines inside fenced
 * (``` or ~~~) or indented code, HTML blocks, block quotes and lists never start a section, and setext headings
 * (`Title` over `===`) do. Section text is sliced from the source, so nothing the lexer normalises is lost.
 */
export function markdownSections(markdown: string): string[] {
  const source = markdown.replace(/\r\n?/g, '\n');
  const starts = [0];
  let cursor = 0;
  for (const token of new Lexer().lex(source)) {
    // Top-level tokens come in source order; their raw text locates them (the lexer keeps no offsets).
    const at = token.raw === '' ? -1 : source.indexOf(token.raw, cursor);
    if (at < 0) continue;
    if (token.type === 'heading' && at > 0) starts.push(at);
    cursor = at + token.raw.length;
  }
  const sections: string[] = [];
  starts.forEach((start, i) => {
    const section = source.slice(start, starts[i + 1] ?? source.length).trim();
    if (section !== '') sections.push(section);
  });
  return sections;
}
