import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import type { Loaded } from '../hooks';
import { LoadError, Loading, Pagination } from './ui';

/** One column of a {@link DataTable}: its header and how a row fills its cell. */
export interface Column<T> {
  /** The header cell's content (a `<th scope="col">`). */
  header: ReactNode;
  /** Other attributes of the header cell (className, aria-label). */
  headerProps?: ThHTMLAttributes<HTMLTableCellElement>;
  /** The body cell's content for one row. */
  cell: (row: T, index: number) => ReactNode;
  /** The body cell's class: the same for every row, or chosen per row. */
  className?: string | ((row: T) => string | undefined);
  /** Adds the `nowrap` class (dates, codes). */
  nowrap?: boolean;
  /** The body cell is the row's name: a `<th scope="row">` instead of a `<td>`. */
  rowHeader?: boolean;
  /** Other attributes of the body cell (title, style, data-testid, data-label). */
  cellProps?: (row: T) => TdHTMLAttributes<HTMLTableCellElement> & { 'data-testid'?: string; 'data-label'?: string };
  /** React key of the column where the header is not a plain string (defaults to its position). */
  key?: string;
}

/** A column left out where a condition is false: `[a, q && parentColumn, b]`. */
export type MaybeColumn<T> = Column<T> | false | null | undefined;

export interface DataTableProps<T> {
  columns: readonly MaybeColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  /** The table's name for screen readers (a visually hidden `<caption>`), unless `captionVisible`. */
  caption?: ReactNode;
  captionVisible?: boolean;
  /** Classes of the `<table>` after `data-table` (e.g. `audit-table`). */
  className?: string;
  /** Classes of the scrolling wrapper after `table-wrap`. */
  wrapClassName?: string;
  testId?: string;
  /** Shown in one full-width row when `rows` is empty; nothing when left out. */
  empty?: ReactNode;
  /** Marks the wrapper `aria-busy` (dimmed) while a new page loads; left out, no attribute. */
  busy?: boolean;
  rowClassName?: (row: T) => string | undefined;
  /** Prev/next pagination under the table. */
  pagination?: { total: number; limit: number; offset: number; onChange: (offset: number) => void };
}

const classes = (...names: (string | false | null | undefined)[]): string | undefined => names.filter(Boolean).join(' ') || undefined;

/**
 * The app's data table: `.table-wrap` > `table.data-table` with a caption, `th scope="col"` headers,
 * an "empty" row and optional pagination — the markup every list page used to write out itself.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  caption,
  captionVisible,
  className,
  wrapClassName,
  testId,
  empty,
  busy,
  rowClassName,
  pagination,
}: DataTableProps<T>) {
  const cols = columns.filter((c): c is Column<T> => !!c);
  const table = (
    // Focusable, so a keyboard user can scroll a table wider than the screen (WCAG 2.1.1; axe scrollable-region-focusable).
    <div className={classes('table-wrap', wrapClassName)} tabIndex={0} aria-busy={busy}>
      <table className={classes('data-table', className)} data-testid={testId}>
        {caption !== undefined && <caption className={captionVisible ? undefined : 'visually-hidden'}>{caption}</caption>}
        <thead>
          <tr>
            {cols.map((c, i) => (
              <th scope="col" key={c.key ?? i} {...c.headerProps}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty !== undefined && (
            <tr>
              <td colSpan={cols.length} className="empty">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} className={rowClassName?.(row)}>
              {cols.map((c, i) => {
                const Cell = c.rowHeader ? 'th' : 'td';
                const own = typeof c.className === 'function' ? c.className(row) : c.className;
                return (
                  <Cell key={c.key ?? i} scope={c.rowHeader ? 'row' : undefined} {...c.cellProps?.(row)} className={classes(own, c.nowrap && 'nowrap')}>
                    {c.cell(row, r)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  if (!pagination) return table;
  return (
    <>
      {table}
      <Pagination {...pagination} />
    </>
  );
}

/**
 * One page of a server-side list in a {@link DataTable}: the load error (with retry), the spinner
 * before the first page, then the table — dimmed while the next page loads — and its pagination.
 */
export function PagedTable<T>({
  list,
  limit,
  offset,
  onOffset,
  ...table
}: Omit<DataTableProps<T>, 'rows' | 'busy' | 'pagination'> & {
  list: Loaded<{ items: T[]; total: number }>;
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  return (
    <>
      {list.error != null && <LoadError error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <DataTable {...table} rows={list.data.items} busy={list.loading} pagination={{ total: list.data.total, limit, offset, onChange: onOffset }} />
      )}
    </>
  );
}
