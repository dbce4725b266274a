import { Controller, Param } from '@nestjs/common';
import type {
  ApproveClaimRequest,
  ClaimListResponse,
  ClaimResponse,
  FileClaimRequest,
  ListClaimsQuery,
  PrepareClaimRequest,
  RecordClaimPaymentRequest,
  RejectClaimRequest,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { ClaimsService } from './claims.service';
import { ShortfallSettlementService } from './shortfall-settlement.service';

@Controller()
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly shortfalls: ShortfallSettlementService,
  ) {}

  @ApiRoute('POST', '/api/claims')
  file(@ValidBody() body: FileClaimRequest, @Context() ctx: CommandContext): Promise<ClaimResponse> {
    return this.claims.file(body, ctx);
  }

  @ApiRoute('GET', '/api/claims')
  async list(
    @ValidQuery() query: z.infer<typeof ListClaimsQuery>,
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof ClaimListResponse>> {
    return { items: await this.claims.list(query, ctx) };
  }

  @ApiRoute('GET', '/api/claims/{claimId}')
  get(@Param('claimId') claimId: string, @Context() ctx: RequestContext): Promise<ClaimResponse> {
    return this.claims.get(claimId, ctx);
  }

  @ApiRoute('POST', '/api/claims/{claimId}/prepare')
  prepare(
    @Param('claimId') claimId: string,
    @ValidBody() body: PrepareClaimRequest,
    @Context() ctx: CommandContext,
  ): Promise<ClaimResponse> {
    return this.claims.prepare(claimId, body, ctx);
  }

  @ApiRoute('POST', '/api/claims/{claimId}/approve')
  approve(
    @Param('claimId') claimId: string,
    @ValidBody() body: ApproveClaimRequest,
    @Context() ctx: CommandContext,
  ): Promise<ClaimResponse> {
    return this.claims.approve(claimId, body, ctx);
  }

  @ApiRoute('POST', '/api/claims/{claimId}/reject')
  reject(@Param('claimId') claimId: string, @ValidBody() body: RejectClaimRequest, @Context() ctx: CommandContext): Promise<ClaimResponse> {
    return this.claims.reject(claimId, body, ctx);
  }

  @ApiRoute('POST', '/api/claims/{claimId}/payment')
  recordPayment(
    @Param('claimId') claimId: string,
    @ValidBody() body: RecordClaimPaymentRequest,
    @Context() ctx: CommandContext,
  ): Promise<ClaimResponse> {
    return this.claims.recordPayment(claimId, body, ctx);
  }

  @ApiRoute('POST', '/api/claims/{claimId}/shortfall-payment')
  recordShortfallPayment(
    @Param('claimId') claimId: string,
    @ValidBody() body: RecordClaimPaymentRequest,
    @Context() ctx: CommandContext,
  ): Promise<ClaimResponse> {
    return this.shortfalls.recordPayment(claimId, body, ctx);
  }
}
