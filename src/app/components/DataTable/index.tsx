import type { ComponentChildren } from 'preact';

interface DataTableProps {
  /** The column headings, left to right. */
  columns: readonly string[];
  /** The table's class, when it needs one beyond the plain look. */
  class?: string;
  /** The body rows. */
  children: ComponentChildren;
}

/** A table of measurements that scrolls sideways on a narrow screen, with one heading row. */
export function DataTable({ columns, class: className, children }: DataTableProps) {
  return (
    <div class="table-scroll">
      <table class={className}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
