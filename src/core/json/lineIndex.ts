import type { SourceRange } from '../problems';

/**
 * Converts string offsets to 1-based line/column positions. Columns count UTF-16 code units, as VS Code does, and
 * `\n`, `\r\n` and `\r` all end a line.
 *
 * Ranges are END-EXCLUSIVE: `endColumn` is the column just after the last character, so a range maps to a
 * VS Code `Range` by subtracting 1 from each of the four numbers.
 *
 * Line starts live in a typed array (4 bytes a line), so a seed file of millions of lines costs megabytes, not
 * tens of them.
 */
export class LineIndex {
  private lineStarts = new Uint32Array(64);
  private lines = 1;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.push(i + 1);
      } else if (ch === 10 /* \n */) {
        this.push(i + 1);
      }
    }
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lines - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.lineStarts[low] + 1 };
  }

  range(offset: number, length: number): SourceRange {
    const start = this.position(offset);
    const end = this.position(offset + Math.max(0, length));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  private push(start: number): void {
    if (this.lines === this.lineStarts.length) {
      const grown = new Uint32Array(this.lineStarts.length * 2);
      grown.set(this.lineStarts);
      this.lineStarts = grown;
    }
    this.lineStarts[this.lines++] = start;
  }
}
