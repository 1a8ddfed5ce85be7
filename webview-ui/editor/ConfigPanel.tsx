import type { CatalogueBlock, EditorBlock, EditorCatalogue, EditorProblem } from '../../src/shared/editorProtocol';
import { Button, Codicon, TextField } from '../common/toolkit';
import { ConfigFieldEditor } from './ConfigFieldEditor';
import { sendEdit, useEditorState } from './editorClient';
import { FixButton } from './FixButton';

interface ConfigPanelProps {
  block: EditorBlock;
  definition: CatalogueBlock | undefined;
  catalogue: EditorCatalogue | undefined;
  available: string[];
  problems: EditorProblem[];
  onClose(): void;
}

/** The right-hand panel of one block: its name and one widget per config field, each change one edit. */
export function ConfigPanel({ block, definition, catalogue, available, problems, onClose }: ConfigPanelProps) {
  const properties = definition ? Object.entries(definition.properties) : [];
  const { fields } = useEditorState();
  // Described and required fields first, as the original editor did.
  properties.sort(([a, fa], [b, fb]) => rank(definition, b, fb.description) - rank(definition, a, fa.description));
  return (
    <aside className="dgf-config" data-testid="config-panel" aria-label={`Configure ${block.name ?? block.id}`}>
      <header className="dgf-config-header">
        <div>
          <div className="dgf-config-title">{block.name ?? block.id}</div>
          <div className="muted">
            {definition?.name ?? block.type} · <code>{block.id}</code>
          </div>
        </div>
        <Button appearance="icon" ariaLabel="Close" title="Close" onClick={onClose}>
          <Codicon name="close" />
        </Button>
      </header>
      <div className="dgf-config-body">
        {definition?.description && <p className="muted">{definition.description}</p>}
        {problems.length > 0 && (
          <ul className="dgf-config-problems error-text">
            {problems.map((p, i) => (
              <li key={i}>
                {p.message}
                {p.fix && (
                  <>
                    {' '}
                    <FixButton fix={p.fix} />
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        <div className="dgf-config-field">
          <label className="dgf-config-label">Name</label>
          <TextField value={block.name ?? ''} placeholder={block.id} ariaLabel="Block name" data-testid="block-name" onChange={(name) => void sendEdit({ kind: 'renameBlock', blockId: block.id, name })} />
        </div>
        {!definition && <p className="error-text">Unknown block type "{block.type}": its config cannot be edited here. Reopen the file with the text editor to fix the type.</p>}
        {properties.map(([key, field]) => (
          <ConfigFieldEditor
            key={`${block.id}:${key}`}
            name={key}
            field={field}
            value={block.config[key]}
            required={definition?.required.includes(key) ?? false}
            available={available}
            fields={fields?.blocks[block.id]}
            models={catalogue?.models ?? []}
            embeddingModels={catalogue?.embeddingModels ?? []}
            onCommit={(value) => void sendEdit({ kind: 'configure', blockId: block.id, key, ...(value !== undefined ? { value } : {}) })}
          />
        ))}
      </div>
    </aside>
  );
}

function rank(definition: CatalogueBlock | undefined, key: string, description: string | undefined): number {
  return (definition?.required.includes(key) ? 2 : 0) + (description ? 1 : 0);
}
