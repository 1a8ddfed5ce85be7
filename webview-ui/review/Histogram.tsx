import type { ReviewChart } from '../../src/shared/reviewProtocol';

const WIDTH = 132;
const HEIGHT = 30;

/** A numeric output field over the whole job as a small bar chart (inline SVG, theme colours). */
export function Histogram(props: { chart: ReviewChart }) {
  const { chart } = props;
  const peak = Math.max(1, ...chart.bins.map((b) => b.count));
  const barWidth = WIDTH / chart.bins.length;
  const mean = Number(chart.mean.toPrecision(3));
  return (
    <figure className="histogram" data-testid={`chart-${chart.field}`} title={`${chart.field}: ${chart.count} values, min ${chart.min}, max ${chart.max}, mean ${mean}`}>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Histogram of ${chart.field}`}>
        {chart.bins.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(1, (b.count / peak) * (HEIGHT - 2));
          return (
            <rect key={i} className="bar" x={i * barWidth + 1} y={HEIGHT - h} width={Math.max(1, barWidth - 2)} height={h}>
              <title>{`${b.label}: ${b.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>
        {chart.field} <span className="muted">μ {mean}</span>
      </figcaption>
    </figure>
  );
}
