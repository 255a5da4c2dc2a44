// The one table every list uses: a caption (for screen readers, or shown), column headers, a row per item.
import type { ComponentChildren } from "preact";

export type Column<T> = {
  /** The header; `hidden` keeps it for screen readers only (an actions column). */
  header: string;
  hidden?: boolean;
  cell: (row: T) => ComponentChildren;
};

type Props<T> = {
  caption: string;
  showCaption?: boolean;
  rows: T[];
  columns: (Column<T> | false | undefined)[];
  rowKey: (row: T) => string | number | undefined;
  rowClass?: (row: T) => string | undefined;
  class?: string;
};

export function DataTable<T>({ caption, showCaption, rows, columns, rowKey, rowClass, class: className }: Props<T>) {
  const cols = columns.filter((c): c is Column<T> => !!c);
  return (
    <table class={className}>
      <caption class={showCaption ? undefined : "sr-only"}>{caption}</caption>
      <thead>
        <tr>
          {cols.map((c) => (
            <th key={c.header} scope="col">
              {c.hidden ? <span class="sr-only">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)} class={rowClass?.(r)}>
            {cols.map((c) => (
              <td key={c.header}>{c.cell(r)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
