import { useMemo, useState } from 'react';
import type { JsonObject, ReviewCounts, ReviewRecord } from '../../src/shared/reviewProtocol';
import { Button, Codicon, TextArea } from '../common/toolkit';
import { asChatMessages, withEditedContents } from './chatMessages';
import { reviewClient } from './reviewClient';

type Draft =
  | { kind: 'text'; text: string }
  /** The field held JSON (not a string): the text must parse. */
  | { kind: 'json'; text: string }
  /** A conversation: each turn's text is edited on its own, roles stay. */
  | { kind: 'chat'; roles: string[]; contents: string[] };

function draftOf(value: unknown): Draft {
  if (typeof value === 'string') return { kind: 'text', text: value };
  const chat = asChatMessages(value);
  if (chat) return { kind: 'chat', roles: chat.map((t) => t.role), contents: chat.map((t) => t.content) };
  return { kind: 'json', text: JSON.stringify(value, null, 2) };
}

function valueOf(draft: Draft, original: unknown): unknown {
  if (draft.kind === 'chat') return withEditedContents(original, draft.contents);
  return draft.kind === 'json' ? JSON.parse(draft.text) : draft.text;
}

/** Why a JSON field's text does not parse, or undefined when it does. */
export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The record's block output fields as text areas; saving sends only the changed ones (the original is kept). */
export function EditForm(props: { record: ReviewRecord; onSaved(record: ReviewRecord, counts: ReviewCounts): void; onCancel(): void; onError(message: string): void }) {
  const { record } = props;
  const initial = useMemo(() => {
    const d: Record<string, Draft> = {};
    for (const [k, v] of Object.entries(record.fields)) d[k] = draftOf(v);
    return d;
  }, [record]);
  const [drafts, setDrafts] = useState(initial);
  const [saving, setSaving] = useState(false);
  const problems = Object.fromEntries(Object.entries(drafts).map(([k, d]) => [k, d.kind === 'json' ? jsonProblem(d.text) : undefined]));
  const invalid = Object.values(problems).some(Boolean);
  const changes = (): JsonObject => {
    const out: JsonObject = {};
    for (const [k, d] of Object.entries(drafts)) {
      const value = valueOf(d, record.fields[k]);
      if (JSON.stringify(value) !== JSON.stringify(record.fields[k])) out[k] = value;
    }
    return out;
  };
  const save = async () => {
    if (invalid || saving) return;
    const fields = changes();
    if (Object.keys(fields).length === 0) {
      props.onCancel();
      return;
    }
    setSaving(true);
    try {
      const r = await reviewClient.request('edit', { jobId: record.jobId, recordId: record.id, fields });
      props.onSaved(r.record, r.counts);
    } catch (e) {
      props.onError(e instanceof Error ? e.message : String(e));
      setSaving(false);
    }
  };
  return (
    <form
      className="edit-form"
      data-testid="edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
      }}
    >
      <h2>
        <Codicon name="edit" /> Edit record #{record.id}
      </h2>
      <p className="muted">Only block outputs can be edited. The output as generated is kept: compare with it after saving.</p>
      {Object.entries(drafts).map(([name, d]) =>
        d.kind === 'chat' ? (
          <fieldset key={name} className="edit-field" data-testid={`edit-${name}`}>
            <legend className="field-name">
              {name} <span className="muted">(conversation: {d.contents.length} turns)</span>
            </legend>
            <div className="edit-chat">
              {d.contents.map((content, i) => (
                <label key={i} className={`edit-chat-turn chat-${d.roles[i]}`} data-testid={`edit-${name}-turn-${i}`}>
                  <span className="chat-role">{d.roles[i]}</span>
                  <TextArea
                    value={content}
                    rows={Math.min(10, Math.max(2, content.split('\n').length + 1))}
                    ariaLabel={`${name} turn ${i + 1} (${d.roles[i]})`}
                    onInput={(text) => setDrafts((all) => ({ ...all, [name]: { ...d, contents: d.contents.map((c, j) => (j === i ? text : c)) } }))}
                  />
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <label key={name} className="edit-field" data-testid={`edit-${name}`}>
            <span className="field-name">
              {name}
              {d.kind === 'json' && <span className="muted"> (JSON)</span>}
            </span>
            <TextArea
              className={problems[name] ? 'invalid' : undefined}
              value={d.text}
              rows={Math.min(14, Math.max(3, d.text.split('\n').length + 1))}
              ariaLabel={name}
              onInput={(text) => setDrafts((all) => ({ ...all, [name]: { ...d, text } }))}
            />
            {problems[name] && (
              <span className="error-text" data-testid={`edit-error-${name}`}>
                {problems[name]}
              </span>
            )}
          </label>
        ),
      )}
      <div className="edit-actions">
        <Button appearance="primary" data-testid="edit-save" disabled={invalid || saving} onClick={() => void save()}>
          Save
        </Button>
        <Button appearance="secondary" data-testid="edit-cancel" onClick={props.onCancel}>
          Cancel
        </Button>
        <span className="muted">Ctrl+Enter saves · Escape cancels</span>
      </div>
    </form>
  );
}
