import type { ReviewFieldLayout } from '../../src/shared/reviewProtocol';
import { Button, Checkbox, Codicon, Dropdown } from '../common/toolkit';
import { formatCount, STATUS_ICON, STATUS_LABEL, valueText } from './format';
import type { ReviewState } from './reviewState';
import { dispatch } from './reviewStore';

const PAGE_SIZES = ['10', '25', '50', '100'];

/** The compact list: one page from the host, a keyboard cursor, selection (click, Shift+click) and bulk review. */
export function RecordList(props: { state: ReviewState; layout: ReviewFieldLayout }) {
  const { layout } = props;
  const { page, view, cursor, selected } = props.state;
  const setView = (patch: Partial<ReviewState['view']>) => dispatch({ type: 'setView', patch });
  const select = (ids: ReadonlySet<number>) => dispatch({ type: 'setSelected', ids });
  if (!page) return null;
  const columns = (layout.primary.length ? layout.primary : layout.secondary).slice(0, 3);
  const lastPage = Math.max(0, Math.ceil(page.total / view.pageSize) - 1);
  const pageIndex = Math.floor(page.offset / view.pageSize);
  const toggle = (index: number, shift: boolean) => {
    const id = page.rows[index].id;
    const next = new Set(selected);
    if (shift) {
      const from = Math.min(cursor, index);
      const to = Math.max(cursor, index);
      for (let i = from; i <= to; i++) next.add(page.rows[i].id);
    } else if (next.has(id)) next.delete(id);
    else next.add(id);
    select(next);
    dispatch({ type: 'setCursor', cursor: index });
  };
  const allSelected = page.rows.length > 0 && page.rows.every((r) => selected.has(r.id));
  return (
    <div className="record-list" data-testid="record-list">
      <div className="list-bar">
        <Checkbox checked={allSelected} ariaLabel="Select all on this page" data-testid="select-page" onChange={(on) => select(on ? new Set(page.rows.map((r) => r.id)) : new Set())} />
        <span data-testid="selection-count">{selected.size ? `${selected.size} selected` : `Showing ${formatCount(page.rows.length ? page.offset + 1 : 0)}–${formatCount(page.offset + page.rows.length)} of ${formatCount(page.total)}`}</span>
        <Button appearance="secondary" data-testid="bulk-accept" disabled={selected.size === 0 || view.status === 'failed'} onClick={() => dispatch({ type: 'decide', status: 'accepted', ids: [...selected] })}>
          <Codicon name="check-all" /> Accept selected
        </Button>
        <Button appearance="secondary" data-testid="bulk-reject" disabled={selected.size === 0 || view.status === 'failed'} onClick={() => dispatch({ type: 'decide', status: 'rejected', ids: [...selected] })}>
          <Codicon name="close-all" /> Reject selected
        </Button>
        <span className="spacer" />
        <Button appearance="icon" ariaLabel="Previous page" disabled={pageIndex === 0} onClick={() => setView({ offset: Math.max(0, page.offset - view.pageSize) })}>
          <Codicon name="chevron-left" />
        </Button>
        <span>
          Page {pageIndex + 1} of {lastPage + 1}
        </span>
        <Button appearance="icon" ariaLabel="Next page" disabled={pageIndex >= lastPage} onClick={() => setView({ offset: page.offset + view.pageSize })}>
          <Codicon name="chevron-right" />
        </Button>
        <Dropdown className="page-size" ariaLabel="Records per page" value={String(view.pageSize)} options={PAGE_SIZES.map((v) => ({ value: v, label: `${v} / page` }))} onChange={(v) => setView({ pageSize: Number(v), offset: 0 })} />
      </div>
      <table className="rows">
        <thead>
          <tr>
            <th />
            <th>#</th>
            <th>Status</th>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row, i) => (
            <tr
              key={row.id}
              className={`${i === cursor ? 'cursor' : ''}${selected.has(row.id) ? ' selected' : ''}`}
              data-testid={`row-${row.id}`}
              onClick={(e) => toggle(i, e.shiftKey)}
              onDoubleClick={() => setView({ view: 'single', offset: page.offset + i })}
            >
              <td>
                <Codicon name={selected.has(row.id) ? 'pass-filled' : 'circle-large-outline'} />
              </td>
              <td className="mono">{row.id}</td>
              <td className={`status status-${row.status}`}>
                <Codicon name={STATUS_ICON[row.status]} /> {STATUS_LABEL[row.status]}
                {row.edited ? ' · edited' : ''}
              </td>
              {columns.map((c) => (
                <td key={c} className="cell" title={valueText(row.fields[c] ?? '')}>
                  {row.status === 'failed' && c === columns[0] ? <span className="error-text">{row.error}</span> : valueText(row.fields[c] ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
