import { Controller, Param } from '@nestjs/common';
import type {
  ApplyForSubsidyRequest,
  DecideSubsidyRequest,
  ListSubsidyApplicationsQuery,
  RecordSubsidyPaymentRequest,
  RejectSubsidyRequest,
  SubsidyApplicationListResponse,
  SubsidyApplicationResponse,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { SubsidyApplicationsService } from './subsidy-applications.service';

@Controller()
export class SubsidyApplicationsController {
  constructor(private readonly applications: SubsidyApplicationsService) {}

  @ApiRoute('POST', '/api/subsidy-applications')
  apply(@ValidBody() body: ApplyForSubsidyRequest, @Context() ctx: CommandContext): Promise<SubsidyApplicationResponse> {
    return this.applications.apply(body, ctx);
  }

  @ApiRoute('GET', '/api/subsidy-applications')
  async list(
    @ValidQuery() query: z.infer<typeof ListSubsidyApplicationsQuery>,
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof SubsidyApplicationListResponse>> {
    return { items: await this.applications.list(query, ctx) };
  }

  @ApiRoute('GET', '/api/subsidy-applications/{applicationId}')
  get(@Param('applicationId') id: string, @Context() ctx: RequestContext): Promise<SubsidyApplicationResponse> {
    return this.applications.get(id, ctx);
  }

  @ApiRoute('POST', '/api/subsidy-applications/{applicationId}/prepare')
  prepare(
    @Param('applicationId') id: string,
    @ValidBody() body: DecideSubsidyRequest,
    @Context() ctx: CommandContext,
  ): Promise<SubsidyApplicationResponse> {
    return this.applications.prepare(id, body, ctx);
  }

  @ApiRoute('POST', '/api/subsidy-applications/{applicationId}/approve')
  approve(
    @Param('applicationId') id: string,
    @ValidBody() body: DecideSubsidyRequest,
    @Context() ctx: CommandContext,
  ): Promise<SubsidyApplicationResponse> {
    return this.applications.approve(id, body, ctx);
  }

  @ApiRoute('POST', '/api/subsidy-applications/{applicationId}/reject')
  reject(
    @Param('applicationId') id: string,
    @ValidBody() body: RejectSubsidyRequest,
    @Context() ctx: CommandContext,
  ): Promise<SubsidyApplicationResponse> {
    return this.applications.reject(id, body, ctx);
  }

  @ApiRoute('POST', '/api/subsidy-applications/{applicationId}/payment')
  recordPayment(
    @Param('applicationId') id: string,
    @ValidBody() body: RecordSubsidyPaymentRequest,
    @Context() ctx: CommandContext,
  ): Promise<SubsidyApplicationResponse> {
    return this.applications.recordPayment(id, body, ctx);
  }
}
