import { useEffect, useRef, useState } from 'react';
import type { CatalogueField, EditorField } from '../../src/shared/editorProtocol';
import { Checkbox, Dropdown, TextArea, TextField } from '../common/toolkit';
import { configWidget, parseJsonInput, parseNumberInput } from './configWidget';
import { summarizeValue } from './flowConversion';
import { TemplateTextArea } from './TemplateTextArea';
import { useTemplateVariables } from './useTemplateVariables';

interface FieldProps {
  name: string;
  field: CatalogueField;
  value: unknown;
  required: boolean;
  available: string[];
  /** The fields at this block with their origin (from the host, with the seed file's fields): template completion. */
  fields?: EditorField[];
  models: string[];
  embeddingModels: string[];
  /** undefined removes the key (the default applies). */
  onCommit(value: unknown): void;
}

/** One config field: label (required `*`, default), the widget its schema asks for, and inline errors. */
export function ConfigFieldEditor(props: FieldProps) {
  const { name, field, required } = props;
  const widget = configWidget(field);
  return (
    <div className="dgf-config-field" data-testid={`field-${name}`} data-widget={widget}>
      <label className="dgf-config-label">
        <span>{field.title ?? name}</span>
        {required && (
          <span className="dgf-required" title="Required">
            *
          </span>
        )}
        {field.default !== undefined && <span className="muted dgf-default"> (default: {field.default === '' ? 'empty' : summarizeValue(field.default)})</span>}
      </label>
      {field.description && <div className="muted dgf-config-description">{field.description}</div>}
      <Widget {...props} widget={widget} />
    </div>
  );
}

function Widget(props: FieldProps & { widget: ReturnType<typeof configWidget> }) {
  const { widget, value, field, onCommit } = props;
  switch (widget) {
    case 'field-reference':
      return <Choice value={value} options={props.available} emptyLabel="(choose a field)" onCommit={onCommit} ariaLabel={props.name} />;
    case 'model':
      return <Choice value={value} options={field.modelKind === 'embedding' ? props.embeddingModels : props.models} emptyLabel="(default model)" onCommit={onCommit} ariaLabel={props.name} />;
    case 'enum':
      return <Choice value={value} options={(field.enum ?? []).map(String)} emptyLabel={field.default !== undefined ? `(default: ${String(field.default)})` : '(none)'} onCommit={(v) => onCommit(v === undefined ? undefined : (field.enum ?? []).find((e) => String(e) === v))} ariaLabel={props.name} />;
    case 'boolean':
      return (
        <Checkbox checked={value === undefined ? field.default === true : value === true} onChange={(c) => onCommit(c)} ariaLabel={props.name}>
          {props.name}
        </Checkbox>
      );
    case 'number':
      return <NumberInput {...props} />;
    case 'template':
      return <TemplateInput {...props} />;
    case 'json':
      return <JsonInput {...props} />;
    case 'json-or-template':
      return <JsonOrTemplate {...props} />;
    case 'text':
      return <TextField value={typeof value === 'string' ? value : ''} ariaLabel={props.name} onChange={(v) => onCommit(v === '' ? undefined : v)} />;
  }
}

function Choice(props: { value: unknown; options: string[]; emptyLabel: string; onCommit(v: string | undefined): void; ariaLabel: string }) {
  const current = props.value === undefined || props.value === null ? '' : String(props.value);
  // A value not in the list (a field produced by a custom block, a model configured elsewhere) is kept and shown.
  const options = [{ value: '', label: props.emptyLabel }, ...[...new Set([...props.options, ...(current ? [current] : [])])].map((o) => ({ value: o }))];
  return <Dropdown value={current} options={options} ariaLabel={props.ariaLabel} onChange={(v) => props.onCommit(v === '' ? undefined : v)} />;
}

function NumberInput(props: FieldProps) {
  const types = Array.isArray(props.field.type) ? props.field.type : [props.field.type];
  const integer = types.includes('integer') && !types.includes('number');
  const [error, setError] = useState('');
  return (
    <>
      <TextField
        value={typeof props.value === 'number' ? String(props.value) : props.value === undefined ? '' : String(props.value)}
        placeholder={props.field.default !== undefined ? String(props.field.default) : ''}
        ariaLabel={props.name}
        onChange={(text) => {
          const n = parseNumberInput(text, integer);
          if (n !== undefined && Number.isNaN(n)) return setError(integer ? 'Enter a whole number.' : 'Enter a number.');
          setError('');
          props.onCommit(n);
        }}
      />
      {error && <div className="error-text dgf-inline-error">{error}</div>}
    </>
  );
}

function TemplateInput(props: FieldProps & { stringValue?: string }) {
  const text = props.stringValue ?? (typeof props.value === 'string' ? props.value : '');
  const [draft, setDraft] = useState(text);
  // The document's text replaces the draft unless it is the echo of this field's own last commit: on a slow machine
  // the echo of an inserted completion arrives after the user typed on, and must not take those keystrokes back.
  const ownCommit = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (text === ownCommit.current) return;
    ownCommit.current = undefined;
    setDraft(text);
  }, [text]);
  const commit = (v: string) => {
    ownCommit.current = v;
    props.onCommit(v === '' ? undefined : v);
  };
  const { variables, error: syntaxError } = useTemplateVariables(draft);
  const unknown = variables.filter((v) => !props.available.includes(v));
  return (
    <>
      <TemplateTextArea
        value={draft}
        fields={props.fields ?? props.available.map((name) => ({ name, origin: '' }))}
        ariaLabel={props.name}
        onInput={setDraft}
        onChange={commit}
        onInsert={commit}
      />
      <div className="dgf-variables">
        <span className="muted">Variables: </span>
        {props.available.length === 0 ? <span className="muted">none available yet</span> : props.available.map((v) => <code key={v} className="dgf-variable">{`{{ ${v} }}`}</code>)}
      </div>
      {syntaxError && (
        <div className="dgf-inline-warning" data-testid="template-error">
          {syntaxError}
        </div>
      )}
      {unknown.length > 0 && (
        <div className="dgf-inline-warning" data-testid="unknown-variables">
          Not available at this block: {unknown.map((v) => `{{ ${v} }}`).join(', ')}. Seed metadata must provide them, or an earlier block must output them.
        </div>
      )}
    </>
  );
}

function JsonInput(props: FieldProps) {
  const text = props.value === undefined ? '' : JSON.stringify(props.value, null, 2);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState('');
  useEffect(() => {
    setDraft(text);
    setError('');
  }, [text]);
  return (
    <>
      <TextArea
        className="mono"
        value={draft}
        rows={Math.min(14, Math.max(4, draft.split('\n').length))}
        ariaLabel={props.name}
        onInput={(v) => {
          setDraft(v);
          const r = parseJsonInput(v);
          setError(r.ok ? '' : r.error);
        }}
        onChange={(v) => {
          const r = parseJsonInput(v);
          if (r.ok) props.onCommit(r.value);
        }}
      />
      {error && (
        <div className="error-text dgf-inline-error" data-testid="json-error">
          {error}
        </div>
      )}
    </>
  );
}

function JsonOrTemplate(props: FieldProps) {
  const [asTemplate, setAsTemplate] = useState(typeof props.value === 'string');
  useEffect(() => setAsTemplate(typeof props.value === 'string'), [props.value]);
  return (
    <>
      <Checkbox checked={asTemplate} onChange={setAsTemplate} ariaLabel={`${props.name}: template`}>
        Template (renders to JSON)
      </Checkbox>
      {asTemplate ? <TemplateInput {...props} stringValue={typeof props.value === 'string' ? props.value : props.value === undefined ? '' : JSON.stringify(props.value)} /> : <JsonInput {...props} value={typeof props.value === 'string' ? undefined : props.value} />}
    </>
  );
}
