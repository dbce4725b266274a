// XLSX via exceljs: one sheet, the table's sections one under the other (an empty row between),
// headers bold, integers and amounts as numbers with thousands separators, so Excel sums them.
import ExcelJS from 'exceljs';
import type { Cell, Table } from './table';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const INTEGER_FORMAT = '#,##0';
export const DECIMAL_FORMAT = '#,##0.00';

export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'iPledger';
  const sheet = workbook.addWorksheet(table.title);
  const widths: number[] = [];
  table.sections.forEach((section, index) => {
    if (index > 0) sheet.addRow([]);
    const header = sheet.addRow([...section.headers]);
    header.font = { bold: true };
    section.headers.forEach((title, column) => (widths[column] = Math.max(widths[column] ?? 10, displayWidth(title))));
    for (const cells of section.rows) {
      const row = sheet.addRow(cells.map(cellValue));
      cells.forEach((cell, column) => {
        if (cell === null) return;
        if (cell.kind === 'integer') row.getCell(column + 1).numFmt = INTEGER_FORMAT;
        if (cell.kind === 'decimal') row.getCell(column + 1).numFmt = DECIMAL_FORMAT;
        widths[column] = Math.max(widths[column] ?? 10, displayWidth(String(cell.value)) + 2);
      });
    }
  });
  widths.forEach((width, column) => (sheet.getColumn(column + 1).width = Math.min(width, 60)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellValue(cell: Cell): string | number | null {
  if (cell === null) return null;
  if (cell.kind === 'decimal') return Number(cell.value);
  return cell.value;
}

/** CJK characters take two columns. */
function displayWidth(value: string): number {
  return [...value].reduce((width, character) => width + (character.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
}
