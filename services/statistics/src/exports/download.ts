// A table as a file answer: CSV or XLSX, as an attachment named after the table.
import { StreamableFile } from '@nestjs/common';
import { CSV_CONTENT_TYPE, toCsv } from './csv';
import type { Table } from './table';
import { toXlsx, XLSX_CONTENT_TYPE } from './xlsx';

export type FileFormat = 'csv' | 'xlsx';

export async function download(table: Table, format: FileFormat): Promise<StreamableFile> {
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table);
  return new StreamableFile(body, {
    type: format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE,
    disposition: `attachment; filename="${table.name}.${format}"`,
    length: body.length,
  });
}
