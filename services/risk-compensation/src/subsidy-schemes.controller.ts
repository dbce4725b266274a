import { Controller, Param } from '@nestjs/common';
import type {
  CreateSubsidySchemeRequest,
  CreateSubsidySchemeVersionRequest,
  ListSubsidySchemesQuery,
  SubsidySchemeListResponse,
  SubsidySchemePresetListResponse,
  SubsidySchemeResponse,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { SubsidySchemesService } from './subsidy-schemes.service';

@Controller()
export class SubsidySchemesController {
  constructor(private readonly schemes: SubsidySchemesService) {}

  @ApiRoute('POST', '/api/subsidy-schemes')
  create(@ValidBody() body: CreateSubsidySchemeRequest, @Context() ctx: CommandContext): Promise<SubsidySchemeResponse> {
    return this.schemes.createDraft(body, ctx);
  }

  @ApiRoute('GET', '/api/subsidy-schemes')
  async list(
    @ValidQuery() query: z.infer<typeof ListSubsidySchemesQuery>,
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof SubsidySchemeListResponse>> {
    return { items: await this.schemes.list(query.status, ctx) };
  }

  // Declared before /{schemeId} so "presets" is never taken for an id.
  @ApiRoute('GET', '/api/subsidy-schemes/presets')
  presets(): z.infer<typeof SubsidySchemePresetListResponse> {
    return { items: this.schemes.presets() };
  }

  @ApiRoute('GET', '/api/subsidy-schemes/{schemeId}')
  get(@Param('schemeId') schemeId: string, @Context() ctx: RequestContext): Promise<SubsidySchemeResponse> {
    return this.schemes.get(schemeId, ctx);
  }

  @ApiRoute('POST', '/api/subsidy-schemes/{schemeId}/versions')
  createVersion(
    @Param('schemeId') schemeId: string,
    @ValidBody() body: CreateSubsidySchemeVersionRequest,
    @Context() ctx: CommandContext,
  ): Promise<SubsidySchemeResponse> {
    return this.schemes.createVersion(schemeId, body, ctx);
  }

  @ApiRoute('POST', '/api/subsidy-schemes/{schemeId}/publish')
  publish(@Param('schemeId') schemeId: string, @Context() ctx: CommandContext): Promise<SubsidySchemeResponse> {
    return this.schemes.publish(schemeId, ctx);
  }
}
