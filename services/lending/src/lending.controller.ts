import { Controller, Param } from '@nestjs/common';
import type {
  DisburseLoanRequest,
  LoanListResponse,
  LoanResponse,
  LoanScheduleResponse,
  LoanStatus,
  RecordPrepaymentRequest,
  RecordRepaymentRequest,
  ReportDefaultRequest,
  ReportOverdueRequest,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { LendingService } from './lending.service';
import { PrepaymentService } from './prepayment.service';

@Controller()
export class LendingController {
  constructor(
    private readonly lending: LendingService,
    private readonly prepayments: PrepaymentService,
  ) {}

  @ApiRoute('POST', '/api/loans')
  disburse(@ValidBody() body: DisburseLoanRequest, @Context() ctx: CommandContext): Promise<LoanResponse> {
    return this.lending.disburse(body, ctx);
  }

  @ApiRoute('GET', '/api/loans')
  async list(
    @ValidQuery() query: { status?: LoanStatus; pledgeId?: string; limit: number },
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof LoanListResponse>> {
    return { items: await this.lending.list(query, ctx) };
  }

  @ApiRoute('GET', '/api/loans/{loanId}')
  get(@Param('loanId') loanId: string, @Context() ctx: RequestContext): Promise<LoanResponse> {
    return this.lending.get(loanId, ctx);
  }

  @ApiRoute('GET', '/api/loans/{loanId}/schedule')
  schedule(@Param('loanId') loanId: string, @Context() ctx: RequestContext): Promise<LoanScheduleResponse> {
    return this.lending.schedule(loanId, ctx);
  }

  @ApiRoute('POST', '/api/loans/{loanId}/repayments')
  repay(@Param('loanId') loanId: string, @ValidBody() body: RecordRepaymentRequest, @Context() ctx: CommandContext): Promise<LoanResponse> {
    return this.lending.repay(loanId, body, ctx);
  }

  @ApiRoute('POST', '/api/loans/{loanId}/prepayments')
  prepay(
    @Param('loanId') loanId: string,
    @ValidBody() body: RecordPrepaymentRequest,
    @Context() ctx: CommandContext,
  ): Promise<LoanResponse> {
    return this.prepayments.prepay(loanId, body, ctx);
  }

  @ApiRoute('POST', '/api/loans/{loanId}/overdue')
  reportOverdue(
    @Param('loanId') loanId: string,
    @ValidBody() body: ReportOverdueRequest,
    @Context() ctx: CommandContext,
  ): Promise<LoanResponse> {
    return this.lending.reportOverdue(loanId, body, ctx);
  }

  @ApiRoute('POST', '/api/loans/{loanId}/default')
  reportDefault(
    @Param('loanId') loanId: string,
    @ValidBody() body: ReportDefaultRequest,
    @Context() ctx: CommandContext,
  ): Promise<LoanResponse> {
    return this.lending.reportDefault(loanId, body, ctx);
  }
}
