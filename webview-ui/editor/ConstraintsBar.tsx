import { TextField } from '../common/toolkit';
import { parseNumberInput } from './configWidget';
import { sendEdit } from './editorClient';

const CONSTRAINTS: { key: string; label: string }[] = [
  { key: 'max_total_tokens', label: 'Total tokens' },
  { key: 'max_total_input_tokens', label: 'Input tokens' },
  { key: 'max_total_output_tokens', label: 'Output tokens' },
  { key: 'max_total_cached_tokens', label: 'Cached tokens' },
  { key: 'max_total_execution_time', label: 'Time (s)' },
];

/** The pipeline's limits (a job that reaches one stops with status `stopped`); empty = unlimited. */
export function ConstraintsBar({ constraints }: { constraints: Record<string, number | null | undefined> }) {
  return (
    <div className="dgf-constraints" data-testid="constraints">
      <span className="muted">Stop a job at (empty = unlimited):</span>
      {CONSTRAINTS.map(({ key, label }) => {
        const value = constraints[key];
        return (
          <label key={key} className="dgf-constraint">
            <span>{label}</span>
            <TextField
              value={typeof value === 'number' && value >= 0 ? String(value) : ''}
              placeholder="unlimited"
              ariaLabel={label}
              data-testid={`constraint-${key}`}
              onChange={(text) => {
                const n = parseNumberInput(text, key !== 'max_total_execution_time');
                if (n === undefined) void sendEdit({ kind: 'setConstraint', key, value: null });
                else if (!Number.isNaN(n) && n >= 0) void sendEdit({ kind: 'setConstraint', key, value: n });
              }}
            />
          </label>
        );
      })}
    </div>
  );
}
