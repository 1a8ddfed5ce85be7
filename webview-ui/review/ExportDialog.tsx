import { useEffect, useRef, useState } from 'react';
import { EXPORT_FORMAT_CHOICES, type ExportFormat, type ExportMappingForm, type ExportPreviewAnswer, type MappedFormat } from '../../src/shared/exportProtocol';
import { REVIEW_FILTERS, type ReviewFilter } from '../../src/shared/reviewProtocol';
import { Button, Codicon, Dropdown, TextArea, TextField } from '../common/toolkit';
import { fieldText, mappingFields, withField, type MappingField } from './exportFormFields';
import { STATUS_LABEL } from './format';
import { reviewClient } from './reviewClient';

type Scope = ReviewFilter | 'all';
const SCOPES: { value: Scope; label: string }[] = [
  { value: 'all', label: 'All but failed executions' },
  ...REVIEW_FILTERS.map((s) => ({ value: s, label: STATUS_LABEL[s] })),
];

/**
 * Export As…: the format, the records, the mapping of the pipeline (`exports.<format>`) as a small form with a live
 * preview of the first 3 output lines and the records that cannot be mapped; Save writes the mapping into the
 * pipeline file, Export runs the export with the form as it is.
 */
export function ExportDialog(props: { jobId: number; status: Scope; onClose(): void; onDone(text: string, error?: boolean): void }) {
  const [format, setFormat] = useState<ExportFormat>('openai_chat');
  const [scope, setScope] = useState<Scope>(props.status);
  const [answer, setAnswer] = useState<ExportPreviewAnswer | undefined>();
  // What the user typed, per field; the rest of the form shows the mapping in effect (saved or guessed).
  const [edited, setEdited] = useState<Record<string, string>>({});
  const [base, setBase] = useState<ExportMappingForm | undefined>();
  const [busy, setBusy] = useState(false);
  const fields = mappingFields(format);
  const mapping = Object.keys(edited).length === 0 || !base ? null : fields.reduce((m, f) => (f.key in edited ? withField(m, f, edited[f.key]) : m), base);
  const mappingKey = JSON.stringify(mapping);
  const seq = useRef(0);

  useEffect(() => {
    if (format === 'jsonl') return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      reviewClient.request('exportPreview', { jobId: props.jobId, format: format as MappedFormat, status: scope, mapping }).then(
        (a) => {
          if (mine !== seq.current) return;
          setAnswer(a);
          setBase((b) => b ?? a.mapping);
        },
        (e: unknown) => mine === seq.current && props.onDone(e instanceof Error ? e.message : String(e), true),
      );
    }, 200);
    return () => clearTimeout(timer);
    // mappingKey stands for mapping (a new object each render).
  }, [props.jobId, format, scope, mappingKey]);

  const chooseFormat = (value: string) => {
    setFormat(value as ExportFormat);
    setEdited({});
    setBase(undefined);
    setAnswer(undefined);
  };
  const shown = (f: MappingField) => edited[f.key] ?? (answer ? fieldText(answer.mapping, f) : '');
  const save = async () => {
    if (format === 'jsonl' || !answer) return;
    setBusy(true);
    try {
      const { pipelinePath } = await reviewClient.request('saveExportMapping', { jobId: props.jobId, format: format as MappedFormat, mapping: mapping ?? answer.mapping });
      props.onDone(`Mapping for ${format} saved in ${pipelinePath}.`);
      setAnswer({ ...answer, saved: mapping ?? answer.mapping });
    } catch (e) {
      props.onDone(e instanceof Error ? e.message : String(e), true);
    } finally {
      setBusy(false);
    }
  };
  const run = async () => {
    setBusy(true);
    try {
      const done = await reviewClient.request('exportDataset', { jobId: props.jobId, format, status: scope, mapping: format === 'jsonl' ? null : mapping });
      if (done) {
        props.onDone(`${done.count} record(s) exported to ${done.path}${done.unmapped ? `; ${done.unmapped} could not be mapped (listed in the DataGenFlow Export output)` : ''}.`, done.unmapped > 0);
        props.onClose();
      }
    } catch (e) {
      props.onDone(e instanceof Error ? e.message : String(e), true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="layout-dialog export-dialog" role="dialog" aria-label="Export as" data-testid="export-dialog" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <h2>
        <Codicon name="package" /> Export as
      </h2>
      <div className="export-row">
        <Dropdown ariaLabel="Format" data-testid="export-format" value={format} options={[...EXPORT_FORMAT_CHOICES]} onChange={chooseFormat} />
        <Dropdown ariaLabel="Records" data-testid="export-scope" value={scope} options={SCOPES} onChange={(v) => setScope(v as Scope)} />
      </div>
      {format === 'jsonl' ? (
        <p className="muted">Records as stored: id, metadata, status, accumulated_state, dates. No mapping.</p>
      ) : (
        <>
          <div className="export-fields">
            {fields.map((f) => (
              <label key={f.key} className="edit-field">
                <span className="field-name">{f.label}</span>
                {f.kind === 'columns' ? (
                  <TextArea ariaLabel={f.label} data-testid={`export-field-${f.key}`} rows={4} value={shown(f)} placeholder={f.placeholder} onInput={(v) => setEdited((e) => ({ ...e, [f.key]: v }))} />
                ) : (
                  <TextField ariaLabel={f.label} data-testid={`export-field-${f.key}`} value={shown(f)} placeholder={f.placeholder} onInput={(v) => setEdited((e) => ({ ...e, [f.key]: v }))} />
                )}
              </label>
            ))}
          </div>
          <p className="muted">
            A field is a path into the record (<code>answer</code>, <code>messages[-1].content</code>) or <code>$metadata.…</code>, <code>$original.…</code>, <code>$id</code>. {answer?.saved ? `Saved in ${answer.pipelinePath}.` : `Not saved in ${answer?.pipelinePath ?? 'the pipeline'} yet: guessed from the first record.`}
          </p>
          {answer?.error && (
            <p className="export-error" data-testid="export-error">
              {answer.error}
            </p>
          )}
          <pre className="export-preview" data-testid="export-preview">
            {answer ? answer.lines.join('\n') || '(no record can be mapped among the first ones)' : 'Loading the preview…'}
          </pre>
          {answer && answer.unmapped.length > 0 && (
            <ul className="export-unmapped" data-testid="export-unmapped">
              {answer.unmapped.map((u) => (
                <li key={u.recordId}>
                  Record #{u.recordId} (seed {u.seedIndex + 1}): {u.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <div className="edit-actions">
        <Button appearance="primary" data-testid="export-run" disabled={busy || Boolean(answer?.error)} onClick={() => void run()}>
          Export…
        </Button>
        {format !== 'jsonl' && (
          <Button appearance="secondary" data-testid="export-save-mapping" disabled={busy || !answer || Boolean(answer.error)} onClick={() => void save()}>
            Save mapping to pipeline
          </Button>
        )}
        <Button appearance="secondary" onClick={props.onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
