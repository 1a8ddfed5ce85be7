import { useMemo, useState } from 'react';
import type { CatalogueBlock } from '../../src/shared/editorProtocol';
import { Codicon, TextField } from '../common/toolkit';
import { initialViewState, saveViewState } from './editorClient';

export const PALETTE_MIME = 'application/x-datagenflow-block';

const CATEGORY_LABELS: Record<string, string> = {
  seeders: 'Seeders',
  generators: 'Generators',
  validators: 'Validators',
  metrics: 'Metrics',
  utilities: 'Utilities',
  integrations: 'Integrations',
  general: 'Custom and other',
};

/** Searchable block palette grouped by category; drag a block onto the canvas, or press Enter to add it. */
export function Palette({ blocks, onAdd }: { blocks: CatalogueBlock[]; onAdd(type: string): void }) {
  const [filter, setFilter] = useState(initialViewState().paletteFilter ?? '');
  const groups = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const hits = blocks.filter((b) => !q || b.name.toLowerCase().includes(q) || b.type.toLowerCase().includes(q) || b.description.toLowerCase().includes(q));
    const byCategory = new Map<string, CatalogueBlock[]>();
    for (const b of hits) byCategory.set(b.category, [...(byCategory.get(b.category) ?? []), b]);
    return [...byCategory];
  }, [blocks, filter]);
  return (
    <aside className="dgf-palette" data-testid="palette" aria-label="Blocks">
      <TextField
        className="dgf-palette-search"
        value={filter}
        type="search"
        placeholder="Search blocks"
        ariaLabel="Search blocks"
        data-testid="palette-search"
        onInput={(v) => {
          setFilter(v);
          saveViewState({ paletteFilter: v });
        }}
      >
        <span slot="start" className="codicon codicon-search" />
      </TextField>
      <div className="dgf-palette-list">
        {groups.length === 0 && <p className="muted dgf-palette-empty">No blocks found.</p>}
        {groups.map(([category, items]) => (
          <section key={category}>
            <h3 className="dgf-palette-category">{CATEGORY_LABELS[category] ?? category}</h3>
            {items.map((b) => (
              <div
                key={b.type}
                className="dgf-palette-item"
                draggable
                tabIndex={0}
                role="button"
                data-testid={`palette-${b.type}`}
                title={`${b.description}\nDrag onto the canvas, or press Enter to add.`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_MIME, b.type);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onKeyDown={(e) => e.key === 'Enter' && onAdd(b.type)}
                onDoubleClick={() => onAdd(b.type)}
              >
                <Codicon name={b.isMultiplier ? 'split-horizontal' : b.custom ? 'extensions' : 'symbol-event'} />
                <div>
                  <div className="dgf-palette-name">{b.name}</div>
                  <div className="dgf-palette-type muted">{b.type}</div>
                </div>
              </div>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}
