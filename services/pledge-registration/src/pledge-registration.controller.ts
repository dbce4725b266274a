import { Controller, Param } from '@nestjs/common';
import type {
  AssignAppraiserRequest,
  ChangePledgeRegistrationRequest,
  DisposePledgeRequest,
  PledgeHistoryResponse,
  PledgeListResponse,
  PledgeResponse,
  PledgeStatus,
  RefusePledgeApplicationRequest,
  RegisterPledgeRequest,
  ReleasePledgeRequest,
  ResubmitPledgeApplicationRequest,
  ReturnPledgeApplicationRequest,
  SubmitPledgeApplicationRequest,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { PledgeRegistrationService } from './pledge-registration.service';

@Controller()
export class PledgeRegistrationController {
  constructor(private readonly pledges: PledgeRegistrationService) {}

  @ApiRoute('POST', '/api/pledges')
  submit(@ValidBody() body: SubmitPledgeApplicationRequest, @Context() ctx: CommandContext): Promise<PledgeResponse> {
    return this.pledges.submit(body, ctx);
  }

  @ApiRoute('GET', '/api/pledges')
  async list(
    @ValidQuery() query: { status?: PledgeStatus; limit: number },
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof PledgeListResponse>> {
    return { items: await this.pledges.list(query, ctx) };
  }

  @ApiRoute('GET', '/api/pledges/{pledgeId}')
  get(@Param('pledgeId') pledgeId: string, @Context() ctx: RequestContext): Promise<PledgeResponse> {
    return this.pledges.get(pledgeId, ctx);
  }

  @ApiRoute('GET', '/api/pledges/{pledgeId}/history')
  history(@Param('pledgeId') pledgeId: string, @Context() ctx: RequestContext): Promise<PledgeHistoryResponse> {
    return this.pledges.history(pledgeId, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/appraiser')
  assignAppraiser(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: AssignAppraiserRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.assignAppraiser(pledgeId, body, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/return')
  returnForCorrection(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: ReturnPledgeApplicationRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.returnForCorrection(pledgeId, body, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/resubmission')
  resubmit(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: ResubmitPledgeApplicationRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.resubmit(pledgeId, body, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/refusal')
  refuse(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: RefusePledgeApplicationRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.refuse(pledgeId, body, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/registration')
  register(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: RegisterPledgeRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.register(pledgeId, body, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/registration-changes')
  changeRegistration(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: ChangePledgeRegistrationRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.changeRegistration(pledgeId, body, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/release')
  release(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: ReleasePledgeRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.releaseOnRequest(pledgeId, body, ctx);
  }

  @ApiRoute('POST', '/api/pledges/{pledgeId}/disposal')
  dispose(
    @Param('pledgeId') pledgeId: string,
    @ValidBody() body: DisposePledgeRequest,
    @Context() ctx: CommandContext,
  ): Promise<PledgeResponse> {
    return this.pledges.dispose(pledgeId, body, ctx);
  }
}
