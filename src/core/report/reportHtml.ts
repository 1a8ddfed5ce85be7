import { count, figure, percent, usd } from '../../shared/reportFormat';
import type { DatasetReport, Distribution, Histogram } from './reportTypes';

/**
 * The report as one self-contained HTML page (`datagenflow report --html`): inline CSS, charts as inline SVG, no
 * script, every value from the records escaped. Light or dark with the reader's system setting.
 */
export function reportHtml(r: DatasetReport): string {
  const s = r.statuses;
  const d = r.duplicates;
  const sections: string[] = [];
  sections.push(`<section><h2>Records</h2>${bars([
    ['pending', s.pending],
    ['accepted', s.accepted],
    ['rejected', s.rejected],
    ['failed', s.failed],
  ], s.total)}</section>`);
  if (r.failures.length > 0) {
    sections.push(`<section><h2>Failure reasons</h2><table><tr><th>Count</th><th>Reason</th><th>Examples</th></tr>${r.failures
      .slice(0, 50)
      .map((f) => `<tr><td class="n">${count(f.count)}</td><td>${esc(f.reason)}</td><td>${f.examples.map((id) => `#${id}`).join(', ')}</td></tr>`)
      .join('')}</table></section>`);
  }
  if (r.textFields.length > 0) {
    sections.push(`<section><h2>Text lengths (tokens)</h2><div class="grid">${r.textFields
      .map((f) => `<figure><figcaption><b>${esc(f.field)}</b> ${summary(f.tokens)}${f.tokens.sampled < f.count - f.empty ? ` · sample of ${count(f.tokens.sampled)}` : ''}<br>empty ${count(f.empty)} · refused ${count(f.refused)} · ${f.languages.slice(0, 3).map((l) => `${esc(l.language)} ${count(l.count)}`).join(', ')}</figcaption>${histogramSvg(f.tokens.histogram)}</figure>`)
      .join('')}</div></section>`);
  }
  if (r.scoreFields.length > 0) {
    sections.push(`<section><h2>Scores</h2><div class="grid">${r.scoreFields
      .map((f) => `<figure><figcaption><b>${esc(f.field)}</b> ${summary(f.values)} · mean ${figure(f.values.mean)}</figcaption>${histogramSvg(f.values.histogram)}</figure>`)
      .join('')}</div></section>`);
  }
  sections.push(`<section><h2>Duplicates</h2><p>${count(d.exact)} exact and ${count(d.near)} near duplicates within the job; ${count(d.exactSeed)} exact and ${count(d.nearSeed)} near copies of a seed.</p>
<p class="note">Near duplicates: MinHash over ${d.method.shingleWords}-word shingles (${d.method.hashes} values, LSH with ${d.method.bands} bands of ${d.method.rows}), estimated Jaccard similarity ≥ ${d.method.threshold}.</p>
${pairs('Exact', d.exactExamples)}${pairs('Near', d.nearExamples)}${d.seedExamples.length ? `<p>Seed copies: ${d.seedExamples.map((e) => `#${e.recordId} ≈ seed ${e.of + 1} (${e.kind}, ${e.similarity.toFixed(2)})`).join('; ')}</p>` : ''}</section>`);
  sections.push(`<section><h2>Refused and empty answers</h2><p>${count(r.refusals.count)} refused · ${count(r.refusals.empty)} empty</p>${r.refusals.examples.length ? `<p>${r.refusals.examples.map((e) => `#${e.recordId} ${esc(e.field)}: “${esc(e.pattern)}”`).join('<br>')}</p>` : ''}</section>`);
  if (r.schemaFields.length > 0) {
    sections.push(`<section><h2>JSON fields</h2><table><tr><th>Field</th><th>Conform</th><th>Against</th><th>Not conforming</th></tr>${r.schemaFields
      .map((f) => `<tr><td>${esc(f.field)}</td><td class="n">${percent(f.conforming, f.count)} (${count(f.conforming)}/${count(f.count)})</td><td>${f.against === 'json-schema' ? "pipeline's JSON Schema" : `majority shape <code>${esc(f.shape ?? '')}</code>`}</td><td>${f.examples.map((e) => `#${e.recordId}: ${esc(e.problem)}`).join('<br>')}</td></tr>`)
      .join('')}</table></section>`);
  }
  const u = r.usage;
  sections.push(`<section><h2>Tokens and cost</h2><p>${count(u.inputTokens)} input · ${count(u.outputTokens)} output · ${count(u.cachedTokens)} cached${u.cost !== undefined ? ` · <b>${usd(u.cost)}</b> at the ${u.prices?.source === 'plan' ? "plan's" : "configured model's"} prices` : ' · no price known'}</p></section>`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dataset report — job ${r.job.id}</title>
<style>${CSS}</style></head>
<body><h1>Dataset report — job ${r.job.id}: ${esc(r.job.pipelineName)}</h1>
<p class="note">${esc(r.job.pipelinePath)} over ${esc(r.job.seedsPath ?? 'no seed file')} · ${esc(r.job.status)} · ${count(r.records)} records · generated ${esc(r.generatedAt)}</p>
${sections.join('\n')}
</body></html>
`;
}

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bar: #0969da; --bg: #fff; --line: #d1d9e0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bar: #4493f8; --bg: #0d1117; --line: #3d444d; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.note { color: var(--muted); } table { border-collapse: collapse; } td, th { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; } .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
figure { margin: 0; } figcaption { margin-bottom: 4px; } svg rect.bar { fill: var(--bar); } svg text { fill: var(--muted); font-size: 10px; }
.row { display: flex; align-items: center; gap: 8px; margin: 2px 0; } .row span:first-child { width: 80px; } .track { flex: 1; background: var(--line); height: 10px; border-radius: 2px; }
.fill { background: var(--bar); height: 10px; border-radius: 2px; } code { font-size: 12px; }
`;

function bars(rows: [string, number][], total: number): string {
  return rows
    .map(([label, n]) => `<div class="row"><span>${label}</span><div class="track"><div class="fill" style="width:${total ? ((n / total) * 100).toFixed(1) : 0}%"></div></div><span>${count(n)} (${percent(n, total)})</span></div>`)
    .join('');
}

function summary(d: Distribution): string {
  return d.count === 0 ? 'no values' : `p50 ${figure(d.p50)} · p90 ${figure(d.p90)} · max ${figure(d.max)}`;
}

/** Bars of a histogram, 300×90, with the axis ends labelled. */
export function histogramSvg(h: Histogram): string {
  const width = 300;
  const height = 70;
  const top = Math.max(1, ...h.counts);
  const w = h.counts.length ? width / h.counts.length : width;
  const rects = h.counts
    .map((c, i) => {
      const barHeight = (c / top) * height;
      return `<rect class="bar" x="${(i * w + 1).toFixed(1)}" y="${(height - barHeight).toFixed(1)}" width="${Math.max(1, w - 2).toFixed(1)}" height="${barHeight.toFixed(1)}"><title>${count(c)}</title></rect>`;
    })
    .join('');
  return `<svg width="${width}" height="${height + 16}" viewBox="0 0 ${width} ${height + 16}" role="img">${rects}<text x="0" y="${height + 12}">${figure(h.min)}</text><text x="${width}" y="${height + 12}" text-anchor="end">${figure(h.max)}</text></svg>`;
}

function pairs(label: string, list: { recordId: number; of: number; similarity: number }[]): string {
  return list.length ? `<p>${label}: ${list.map((p) => `#${p.recordId} ≈ #${p.of} (${p.similarity.toFixed(2)})`).join('; ')}</p>` : '';
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
