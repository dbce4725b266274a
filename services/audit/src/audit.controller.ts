import { Readable } from 'node:stream';
import { Controller, StreamableFile } from '@nestjs/common';
import type { AuditExportQuery, AuditListResponse, ListAuditQuery } from '@ipledger/contracts';
import { AUDIT_EXPORT_CONTENT_TYPE } from '@ipledger/audit-proof';
import { ApiRoute, ValidQuery } from '@ipledger/service-kit';
import { AuditExport } from './audit-export';
import { AuditRepository, toAuditEntryResponse } from './audit.repository';

/** The bureau reads the audit trail and exports its hash chain; nobody writes it over HTTP. */
@Controller()
export class AuditController {
  constructor(
    private readonly repository: AuditRepository,
    private readonly auditExport: AuditExport,
  ) {}

  @ApiRoute('GET', '/api/audit')
  async list(@ValidQuery() query: ListAuditQuery): Promise<AuditListResponse> {
    return { items: (await this.repository.find(query)).map(toAuditEntryResponse) };
  }

  @ApiRoute('GET', '/api/audit/export')
  export(@ValidQuery() _query: AuditExportQuery): StreamableFile {
    const lines = this.auditExport.lines();
    const body = Readable.from(
      (async function* () {
        for await (const line of lines) yield `${line}\n`;
      })(),
    );
    return new StreamableFile(body, { type: AUDIT_EXPORT_CONTENT_TYPE, disposition: 'attachment; filename="audit-export.ndjson"' });
  }
}
