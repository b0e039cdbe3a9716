import { Body1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';

/** A plain table of rows under headed columns: a chart's accessible alternative, or a list of figures. */
export function DataTable({ labelledBy, columns, rows, testId, empty }: { labelledBy: string; columns: string[]; rows: string[][]; testId: string; empty?: string }) {
  if (!rows.length && empty) return <Body1 data-testid={testId}>{empty}</Body1>;
  return (
    <Table size="small" aria-labelledby={labelledBy} data-testid={testId}>
      <TableHeader>
        <TableRow>
          {columns.map((column) => (
            <TableHeaderCell key={column}>{column}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={i}>
            {row.map((cell, j) => (
              <TableCell key={j}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
