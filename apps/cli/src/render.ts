// Plain-text tables for people and RFC 4180 CSV (UTF-8 with BOM, as Excel expects) for files.

export type Cell = string | number;

export interface Table {
  headers: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Columns aligned right (numbers, amounts). */
  alignRight?: readonly number[];
}

/** Display width: CJK characters take two columns in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
}

export function renderTable(table: Table): string {
  const cells = [table.headers, ...table.rows].map((row) => row.map(String));
  const widths = table.headers.map((_, column) => Math.max(...cells.map((row) => displayWidth(row[column] ?? ''))));
  const right = new Set(table.alignRight ?? []);
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column] - displayWidth(cell));
        return right.has(column) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const [header, ...body] = cells;
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n') + '\n';
}

export const BOM = '\uFEFF';

function csvCell(cell: Cell): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a BOM and CRLF line ends. */
export function renderCsv(table: Table): string {
  return BOM + [table.headers, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
