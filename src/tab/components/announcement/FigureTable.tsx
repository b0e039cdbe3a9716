import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({ table: { maxWidth: '520px' } });

/** A two-column table of labelled figures (a report's counts); each value cell is `${testId}-${label}`. */
export function FigureTable({ id, caption, rows, testId }: { id: string; caption: [string, string]; rows: Array<[string, number | string]>; testId?: string }) {
  const styles = useStyles();
  return (
    <Table size="small" className={styles.table} aria-labelledby={id} data-testid={testId}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{caption[0]}</TableHeaderCell>
          <TableHeaderCell>{caption[1]}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell>{label}</TableCell>
            <TableCell data-testid={`${testId ?? id}-${label}`}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
