import { Controller, Param } from '@nestjs/common';
import type { DealListResponse, DealResponse, ListDealsQuery, RecordDealRequest, ReverseDealRequest } from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { DealsService } from './deals.service';

@Controller()
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @ApiRoute('POST', '/api/deals')
  record(@ValidBody() body: RecordDealRequest, @Context() ctx: CommandContext): Promise<DealResponse> {
    return this.deals.record(body, ctx);
  }

  @ApiRoute('GET', '/api/deals')
  async list(@ValidQuery() query: z.infer<typeof ListDealsQuery>): Promise<z.infer<typeof DealListResponse>> {
    return { items: await this.deals.list(query) };
  }

  @ApiRoute('POST', '/api/deals/{dealId}/reversal')
  reverse(@Param('dealId') dealId: string, @ValidBody() body: ReverseDealRequest, @Context() ctx: CommandContext): Promise<DealResponse> {
    return this.deals.reverse(dealId, body, ctx);
  }
}
