// CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake), CRLF
// line ends, fields quoted when they hold a comma, quote or line break (RFC 4180), sections
// separated by an empty line. Amounts are written exactly as the API gives them.
import type { Cell, Table } from './table';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';

export function toCsv(table: Table): Buffer {
  const lines: string[] = [];
  table.sections.forEach((section, index) => {
    if (index > 0) lines.push('');
    lines.push(section.headers.map(quote).join(','));
    for (const row of section.rows) lines.push(row.map(cellText).join(','));
  });
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell.kind === 'text') return quote(neutralised(cell.value));
  return String(cell.value);
}

/** A text starting with = + - @ would run as a formula in a spreadsheet: prefix it with a quote. */
function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
