import { useRef, useState } from 'react';
import type { EditorField } from '../../src/shared/editorProtocol';
import { TextArea, type TextAreaHandle } from '../common/toolkit';
import { completionSite, insertCompletion, matchingFields, type CompletionSite } from './templateCompletion';

interface TemplateTextAreaProps {
  value: string;
  fields: readonly EditorField[];
  ariaLabel: string;
  onInput(value: string): void;
  onChange(value: string): void;
  /** A completion was inserted: the new text (committed at once, like a finished edit). */
  onInsert(value: string): void;
}

/**
 * A template's text area with completion: typing `{{` lists the fields available at the block (name and origin),
 * filtered by what follows; Up/Down move, Enter or Tab insert `{{ name }}`, Escape closes; a click inserts too.
 */
export function TemplateTextArea({ value, fields, ariaLabel, onInput, onChange, onInsert }: TemplateTextAreaProps) {
  const handle = useRef<TextAreaHandle>(null);
  const [site, setSite] = useState<CompletionSite | undefined>();
  const [active, setActive] = useState(0);
  const items = site ? matchingFields(fields, site.prefix) : [];
  const open = site !== undefined && items.length > 0;

  const insert = (field: EditorField) => {
    const area = handle.current;
    if (!site || !area) return;
    const next = insertCompletion(value, area.caret(), site, field.name);
    setSite(undefined);
    area.setValue(next.text, next.caret);
    onInput(next.text);
    onInsert(next.text);
  };

  return (
    <div className="dgf-template-area">
      <TextArea
        className="dgf-template mono"
        value={value}
        rows={6}
        ariaLabel={ariaLabel}
        handle={handle}
        onInput={(text) => {
          onInput(text);
          const next = completionSite(text, handle.current?.caret() ?? text.length);
          if (next?.start !== site?.start) setActive(0);
          setSite(next);
        }}
        onChange={(text) => {
          setSite(undefined);
          onChange(text);
        }}
        onKeyDown={(e) => {
          if (!open) return;
          const move = (by: number) => {
            e.preventDefault();
            setActive((a) => (a + by + items.length) % items.length);
          };
          if (e.key === 'ArrowDown') move(1);
          else if (e.key === 'ArrowUp') move(-1);
          else if (e.key === 'Enter' || e.key === 'Tab') {
            e.preventDefault();
            insert(items[Math.min(active, items.length - 1)]);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setSite(undefined);
          }
        }}
      />
      {open && (
        <ul className="dgf-completion" role="listbox" aria-label="Fields available at this block" data-testid="template-completion">
          {items.map((f, i) => (
            <li
              key={f.name}
              role="option"
              aria-selected={i === Math.min(active, items.length - 1)}
              className={i === Math.min(active, items.length - 1) ? 'active' : undefined}
              onMouseDown={(e) => {
                // Keep the focus (and caret) in the text area.
                e.preventDefault();
                insert(f);
              }}
            >
              <code>{f.name}</code>
              {f.origin && <span className="muted dgf-completion-origin">{f.origin}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
