import { Controller } from '@nestjs/common';
import type { AuditListResponse, ListAuditQuery } from '@ipledger/contracts';
import { ApiRoute, ValidQuery } from '@ipledger/service-kit';
import { AuditRepository, toAuditEntryResponse } from './audit.repository';

/** The bureau reads the audit trail; nobody writes it over HTTP. */
@Controller()
export class AuditController {
  constructor(private readonly repository: AuditRepository) {}

  @ApiRoute('GET', '/api/audit')
  async list(@ValidQuery() query: ListAuditQuery): Promise<AuditListResponse> {
    return { items: (await this.repository.find(query)).map(toAuditEntryResponse) };
  }
}
