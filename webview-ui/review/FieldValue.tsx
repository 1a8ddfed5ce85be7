import { valueText } from './format';

/** One output field: its name, and its value as text (strings as written, anything else as JSON). */
export function FieldValue(props: { name: string; value: unknown; size: 'primary' | 'secondary'; edited?: boolean }) {
  const text = valueText(props.value);
  return (
    <div className={`field field-${props.size}`} data-testid={`field-${props.name}`}>
      <div className="field-name">
        {props.name}
        {props.edited && <span className="edited-mark"> · edited</span>}
      </div>
      <div className={`field-value${typeof props.value === 'string' ? '' : ' mono'}`}>{text}</div>
    </div>
  );
}
