/** Spreadsheet-safe cell: quoted, and never starting with a formula character. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** CRLF rows, a header first, as spreadsheets expect. */
export function csvDocument(columns: readonly string[], rows: unknown[][]): string {
  return [columns.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n';
}
