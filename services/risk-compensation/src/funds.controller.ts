import { Controller, Param } from '@nestjs/common';
import type {
  CompensationShareListResponse,
  CompensationShareResponse,
  FundBudgetYearClosedResponse,
  FundContributionListResponse,
  FundContributionRecordedResponse,
  FundListResponse,
  ListFundContributionsQuery,
  RecordFundContributionRequest,
  FundResponse,
  RecordSharePaymentRequest,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, ValidationError, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { BudgetsService } from './budgets.service';
import { FundContributionsService } from './fund-contributions.service';
import { FundsService } from './funds.service';
import { SharePaymentsService } from './share-payments.service';

@Controller()
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly budgets: BudgetsService,
    private readonly sharePayments: SharePaymentsService,
    private readonly contributions: FundContributionsService,
  ) {}

  @ApiRoute('GET', '/api/funds')
  async list(): Promise<z.infer<typeof FundListResponse>> {
    return { items: await this.funds.list() };
  }

  @ApiRoute('GET', '/api/funds/{fundId}')
  get(@Param('fundId') fundId: string): Promise<FundResponse> {
    return this.funds.get(fundId);
  }

  @ApiRoute('POST', '/api/funds/{fundId}/years/{year}/close')
  close(
    @Param('fundId') fundId: string,
    @Param('year') year: string,
    @Context() ctx: CommandContext,
  ): Promise<z.infer<typeof FundBudgetYearClosedResponse>> {
    if (!/^\d{4}$/.test(year)) throw new ValidationError([{ field: 'year', rule: 'must be a budget year written YYYY' }]);
    return this.budgets.close(fundId, Number(year), ctx);
  }

  @ApiRoute('POST', '/api/funds/{fundId}/contributions')
  recordContribution(
    @Param('fundId') fundId: string,
    @ValidBody() body: RecordFundContributionRequest,
    @Context() ctx: CommandContext,
  ): Promise<z.infer<typeof FundContributionRecordedResponse>> {
    return this.contributions.record(fundId, body, ctx);
  }

  @ApiRoute('GET', '/api/funds/{fundId}/contributions')
  async contributionsOf(
    @Param('fundId') fundId: string,
    @ValidQuery() query: z.infer<typeof ListFundContributionsQuery>,
  ): Promise<z.infer<typeof FundContributionListResponse>> {
    return { items: await this.contributions.list(fundId, query.budgetYear) };
  }

  @ApiRoute('GET', '/api/compensation-shares')
  async shares(@Context() ctx: RequestContext): Promise<z.infer<typeof CompensationShareListResponse>> {
    return { items: await this.funds.shares(ctx) };
  }

  @ApiRoute('POST', '/api/compensation-shares/{claimId}/payment')
  recordSharePayment(
    @Param('claimId') claimId: string,
    @ValidBody() body: RecordSharePaymentRequest,
    @Context() ctx: CommandContext,
  ): Promise<z.infer<typeof CompensationShareResponse>> {
    return this.sharePayments.record(claimId, body, ctx);
  }
}
