import { Controller, Param } from '@nestjs/common';
import type { SubmitValuationRequest, ValuationListResponse, ValuationResponse } from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { ValuationService } from './valuation.service';

@Controller()
export class ValuationController {
  constructor(private readonly valuations: ValuationService) {}

  @ApiRoute('POST', '/api/valuations')
  submit(@ValidBody() body: SubmitValuationRequest, @Context() ctx: CommandContext): Promise<ValuationResponse> {
    return this.valuations.submit(body, ctx);
  }

  @ApiRoute('GET', '/api/valuations')
  async list(@ValidQuery() query: { pledgeId: string }, @Context() ctx: RequestContext): Promise<z.infer<typeof ValuationListResponse>> {
    return { items: await this.valuations.listForPledge(query.pledgeId, ctx) };
  }

  @ApiRoute('GET', '/api/valuations/{valuationId}')
  get(@Param('valuationId') valuationId: string, @Context() ctx: RequestContext): Promise<ValuationResponse> {
    return this.valuations.get(valuationId, ctx);
  }
}
