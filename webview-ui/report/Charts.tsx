import type { Histogram } from '../../src/shared/reportProtocol';
import { count, figure } from '../../src/shared/reportFormat';

const WIDTH = 280;
const HEIGHT = 64;

/** A histogram as SVG bars in the theme's colours, the axis ends labelled. */
export function HistogramChart(props: { histogram: Histogram; label: string; testId?: string }) {
  const { histogram: h } = props;
  const peak = Math.max(1, ...h.counts);
  const w = h.counts.length ? WIDTH / h.counts.length : WIDTH;
  return (
    <svg className="chart" width={WIDTH} height={HEIGHT + 14} viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`} role="img" aria-label={props.label} data-testid={props.testId}>
      {h.counts.map((c, i) => {
        const bh = c === 0 ? 0 : Math.max(1, (c / peak) * HEIGHT);
        return (
          <rect key={i} className="bar" x={i * w + 1} y={HEIGHT - bh} width={Math.max(1, w - 2)} height={bh}>
            <title>{`${figure(h.min + ((h.max - h.min) * i) / h.counts.length)}–${figure(h.min + ((h.max - h.min) * (i + 1)) / h.counts.length)}: ${count(c)}`}</title>
          </rect>
        );
      })}
      <text x={0} y={HEIGHT + 12}>
        {figure(h.min)}
      </text>
      <text x={WIDTH} y={HEIGHT + 12} textAnchor="end">
        {figure(h.max)}
      </text>
    </svg>
  );
}

/** Two histograms on one axis: job A's bars left in each bin, job B's right. Heights are shares of each job's values. */
export function OverlayChart(props: { a: Histogram; b: Histogram; label: string; testId?: string }) {
  const { a, b } = props;
  const totalA = Math.max(1, a.counts.reduce((s, c) => s + c, 0));
  const totalB = Math.max(1, b.counts.reduce((s, c) => s + c, 0));
  const peak = Math.max(0.0001, ...a.counts.map((c) => c / totalA), ...b.counts.map((c) => c / totalB));
  const bins = Math.max(a.counts.length, b.counts.length);
  const w = bins ? WIDTH / bins : WIDTH;
  const bar = (share: number, x: number, cls: string, key: string, title: string) => {
    const bh = share === 0 ? 0 : Math.max(1, (share / peak) * HEIGHT);
    return (
      <rect key={key} className={cls} x={x} y={HEIGHT - bh} width={Math.max(1, w / 2 - 1)} height={bh}>
        <title>{title}</title>
      </rect>
    );
  };
  return (
    <svg className="chart" width={WIDTH} height={HEIGHT + 14} viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`} role="img" aria-label={props.label} data-testid={props.testId}>
      {Array.from({ length: bins }, (_, i) => [
        bar((a.counts[i] ?? 0) / totalA, i * w + 0.5, 'bar a', `a${i}`, `A: ${count(a.counts[i] ?? 0)}`),
        bar((b.counts[i] ?? 0) / totalB, i * w + w / 2, 'bar b', `b${i}`, `B: ${count(b.counts[i] ?? 0)}`),
      ])}
      <text x={0} y={HEIGHT + 12}>
        {figure(a.min)}
      </text>
      <text x={WIDTH} y={HEIGHT + 12} textAnchor="end">
        {figure(a.max)}
      </text>
    </svg>
  );
}

/** Shares of a whole as horizontal bars (CSS). */
export function ShareBars(props: { rows: { label: string; value: number; className?: string }[]; total: number; testId?: string }) {
  return (
    <div className="shares" data-testid={props.testId}>
      {props.rows.map((r) => (
        <div className="share-row" key={r.label}>
          <span className="share-label">{r.label}</span>
          <span className="share-track">
            <span className={`share-fill ${r.className ?? ''}`} style={{ width: `${props.total ? (r.value / props.total) * 100 : 0}%` }} />
          </span>
          <span className="share-value">{count(r.value)}</span>
        </div>
      ))}
    </div>
  );
}
