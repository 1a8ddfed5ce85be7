import { count, percent } from '../../src/shared/reportFormat';

/** A big figure with its label: a count (with its share of `of`, when given) or a text such as "3 / 5". */
export function Figure(props: { label: string; value: number | string; of?: number; tone?: 'ok' | 'bad' }) {
  const { value } = props;
  return (
    <div className="figure">
      <span className={props.tone ? `figure-value ${props.tone}` : 'figure-value'}>{typeof value === 'number' ? count(value) : value}</span>
      <span className="muted small">
        {props.label}
        {props.of !== undefined && typeof value === 'number' ? ` · ${percent(value, props.of)}` : ''}
      </span>
    </div>
  );
}
