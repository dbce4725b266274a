import { Controller, Param } from '@nestjs/common';
import type {
  CreatePolicyDraftRequest,
  CreatePolicyVersionRequest,
  ListPoliciesQuery,
  PolicyListResponse,
  PolicyPresetListResponse,
  PolicyResponse,
} from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { PoliciesService } from './policies.service';

@Controller()
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @ApiRoute('POST', '/api/policies')
  create(@ValidBody() body: CreatePolicyDraftRequest, @Context() ctx: CommandContext): Promise<PolicyResponse> {
    return this.policies.createDraft(body, ctx);
  }

  @ApiRoute('GET', '/api/policies')
  async list(
    @ValidQuery() query: z.infer<typeof ListPoliciesQuery>,
    @Context() ctx: RequestContext,
  ): Promise<z.infer<typeof PolicyListResponse>> {
    return { items: await this.policies.list(query.status, ctx) };
  }

  // Declared before /{policyId} so "presets" is never taken for an id.
  @ApiRoute('GET', '/api/policies/presets')
  presets(): z.infer<typeof PolicyPresetListResponse> {
    return { items: this.policies.presets() };
  }

  @ApiRoute('GET', '/api/policies/{policyId}')
  get(@Param('policyId') policyId: string, @Context() ctx: RequestContext): Promise<PolicyResponse> {
    return this.policies.get(policyId, ctx);
  }

  @ApiRoute('POST', '/api/policies/{policyId}/publish')
  publish(@Param('policyId') policyId: string, @Context() ctx: CommandContext): Promise<PolicyResponse> {
    return this.policies.publish(policyId, ctx);
  }

  @ApiRoute('POST', '/api/policies/{policyId}/versions')
  createVersion(
    @Param('policyId') policyId: string,
    @ValidBody() body: CreatePolicyVersionRequest,
    @Context() ctx: CommandContext,
  ): Promise<PolicyResponse> {
    return this.policies.createVersion(policyId, body, ctx);
  }
}
