import { Controller, Param } from '@nestjs/common';
import type { CompensationShareListResponse, FundListResponse, FundResponse } from '@ipledger/contracts';
import { ApiRoute, Context, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { FundsService } from './funds.service';

@Controller()
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @ApiRoute('GET', '/api/funds')
  async list(): Promise<z.infer<typeof FundListResponse>> {
    return { items: await this.funds.list() };
  }

  @ApiRoute('GET', '/api/funds/{fundId}')
  get(@Param('fundId') fundId: string): Promise<FundResponse> {
    return this.funds.get(fundId);
  }

  @ApiRoute('GET', '/api/compensation-shares')
  async shares(@Context() ctx: RequestContext): Promise<z.infer<typeof CompensationShareListResponse>> {
    return { items: await this.funds.shares(ctx) };
  }
}
