import { useState } from 'react';
import type { ReviewFieldLayout } from '../../src/shared/reviewProtocol';
import { Button, Codicon, Dropdown } from '../common/toolkit';
import { reviewClient } from './reviewClient';

type Place = keyof ReviewFieldLayout;
const PLACES: { value: Place; label: string }[] = [
  { value: 'primary', label: 'Primary — large' },
  { value: 'secondary', label: 'Secondary — smaller' },
  { value: 'hidden', label: 'Hidden — only in the trace' },
];

/** The pipeline's field layout: each field primary, secondary or hidden, in display order. Saved per pipeline. */
export function LayoutDialog(props: { jobId: number; layout: ReviewFieldLayout; fields: string[]; onClose(): void; onSaved(): void; onError(message: string): void }) {
  const start: [string, Place][] = [
    ...props.layout.primary.map((f): [string, Place] => [f, 'primary']),
    ...props.layout.secondary.map((f): [string, Place] => [f, 'secondary']),
    ...props.layout.hidden.map((f): [string, Place] => [f, 'hidden']),
  ];
  for (const f of props.fields) if (!start.some(([name]) => name === f)) start.push([f, 'secondary']);
  const [entries, setEntries] = useState(start);
  const moveBy = (i: number, d: number) =>
    setEntries((all) => {
      const j = i + d;
      if (j < 0 || j >= all.length) return all;
      const next = [...all];
      [next[i], next[j]] = [next[j], next[i]];
      return next;
    });
  const save = async () => {
    const layout: ReviewFieldLayout = { primary: [], secondary: [], hidden: [] };
    for (const [f, place] of entries) layout[place].push(f);
    try {
      await reviewClient.request('setLayout', { jobId: props.jobId, layout });
      props.onSaved();
      props.onClose();
    } catch (e) {
      props.onError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="layout-dialog" role="dialog" aria-label="Field layout" data-testid="layout-dialog" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <h2>
        <Codicon name="layout" /> Field layout of this pipeline
      </h2>
      <ul>
        {entries.map(([name, place], i) => (
          <li key={name} data-testid={`layout-${name}`}>
            <span className="field-name">{name}</span>
            <Dropdown ariaLabel={`Where ${name} shows`} value={place} options={PLACES} onChange={(v) => setEntries((all) => all.map((e, k) => (k === i ? [e[0], v as Place] : e)))} />
            <Button appearance="icon" ariaLabel={`Move ${name} up`} disabled={i === 0} onClick={() => moveBy(i, -1)}>
              <Codicon name="arrow-up" />
            </Button>
            <Button appearance="icon" ariaLabel={`Move ${name} down`} disabled={i === entries.length - 1} onClick={() => moveBy(i, 1)}>
              <Codicon name="arrow-down" />
            </Button>
          </li>
        ))}
      </ul>
      <div className="edit-actions">
        <Button appearance="primary" data-testid="layout-save" onClick={() => void save()}>
          Save layout
        </Button>
        <Button appearance="secondary" onClick={props.onClose}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
