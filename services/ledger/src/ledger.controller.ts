import { Controller, Param } from '@nestjs/common';
import type {
  AccountListResponse,
  AccountResponse,
  CheckpointListResponse,
  JournalEntryListResponse,
  JournalEntryResponse,
  ListAccountsQuery,
  ListCheckpointsQuery,
  ListEntriesQuery,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidQuery, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { LedgerService } from './ledger.service';
import type { TrialBalance } from './ledger-response';

/** Read-only: the ledger changes only through events (ledger.handlers.ts). */
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @ApiRoute('GET', '/api/ledger/accounts')
  async listAccounts(
    @ValidQuery() query: z.infer<typeof ListAccountsQuery>,
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof AccountListResponse>> {
    return { items: await this.ledger.listAccounts(query, ctx) };
  }

  @ApiRoute('GET', '/api/ledger/accounts/{accountCode}')
  getAccount(@Param('accountCode') accountCode: string, @Context() ctx: RequestContext): Promise<AccountResponse> {
    return this.ledger.getAccount(accountCode, ctx);
  }

  @ApiRoute('GET', '/api/ledger/accounts/{accountCode}/entries')
  async accountEntries(
    @Param('accountCode') accountCode: string,
    @ValidQuery() query: z.infer<typeof ListEntriesQuery>,
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof JournalEntryListResponse>> {
    return { items: await this.ledger.accountEntries(accountCode, query, ctx) };
  }

  @ApiRoute('GET', '/api/ledger/entries')
  async listEntries(@ValidQuery() query: z.infer<typeof ListEntriesQuery>): Promise<z.infer<typeof JournalEntryListResponse>> {
    return { items: await this.ledger.listEntries(query) };
  }

  @ApiRoute('GET', '/api/ledger/entries/{entryId}')
  getEntry(@Param('entryId') entryId: string, @Context() ctx: RequestContext): Promise<JournalEntryResponse> {
    return this.ledger.getEntry(entryId, ctx);
  }

  @ApiRoute('GET', '/api/ledger/trial-balance')
  trialBalance(): Promise<TrialBalance> {
    return this.ledger.trialBalance();
  }

  @ApiRoute('GET', '/api/ledger/checkpoints')
  listCheckpoints(@ValidQuery() query: z.infer<typeof ListCheckpointsQuery>): Promise<z.infer<typeof CheckpointListResponse>> {
    return this.ledger.listCheckpoints(query);
  }
}
