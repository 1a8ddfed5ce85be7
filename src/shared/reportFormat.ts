// Number formatting shared by the reports: the CLI text, the HTML file and the Report webview.

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(part === whole || part === 0 ? 0 : 1)}%`;
}

/** A value of a distribution: integers as they are, others with up to 3 significant decimals. */
export function figure(n: number): string {
  return Number.isInteger(n) ? count(n) : Number(n.toPrecision(3)).toString();
}

export function usd(n: number): string {
  return n < 0.01 && n > 0 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`;
}
