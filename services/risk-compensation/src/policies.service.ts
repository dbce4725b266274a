import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@ipledger/db';
import type { TransactionClient } from './database';
import type { CreatePolicyDraftRequest, CreatePolicyVersionRequest, PolicyDocument, PolicyResponse } from '@ipledger/contracts';
import type { Outbox } from '@ipledger/messaging';
import {
  ConcurrentModificationError,
  ForbiddenError,
  fromDateString,
  IllegalTransitionError,
  newId,
  NotFoundError,
  OUTBOX,
  type CommandContext,
  type RequestContext,
  RuleViolationError,
  UnitOfWork,
  ValidationError,
} from '@ipledger/service-kit';
import { DEFAULT_DUAL_CONTROL_ABOVE, PRESETS, validatePolicy, type PublishedPolicy } from './domain';
import { publishDraftOnce } from './draft-publication';
import { toDraft } from './policy-documents';
import { PoliciesRepository, toPolicyResponse, type PolicyStatus } from './policies.repository';

export interface PolicyPreset {
  presetId: string;
  version: number;
  source: string;
  document: PolicyDocument;
}

/** A preset as the wire shows it: the rules without the domain's own id and version. */
function toPreset(policy: PublishedPolicy): PolicyPreset {
  const { policyId, version, ...rules } = policy;
  return {
    presetId: policyId,
    version,
    source: policy.source,
    document: {
      ...rules,
      notes: rules.notes === undefined ? undefined : [...rules.notes],
      parties: rules.parties.map((party) => ({ ...party })),
      fundedBy: rules.fundedBy?.map((contributor) => ({ ...contributor })),
      eligibility: {
        ...rules.eligibility,
        ipTypes: rules.eligibility.ipTypes === undefined ? undefined : [...rules.eligibility.ipTypes],
        districts: rules.eligibility.districts === undefined ? undefined : [...rules.eligibility.districts],
      },
    },
  };
}

/**
 * What a draft gets when it leaves a control out: the dual-control threshold 0.00 (every claim
 * with an amount takes two bureau users, one to prepare and one to approve).
 */
function withDefaults(request: PolicyDocument): PolicyDocument {
  return { ...request, dualControlAbove: request.dualControlAbove ?? DEFAULT_DUAL_CONTROL_ABOVE };
}

/**
 * A new version must say which loans it may bind: a city-wide policy by its division-code prefix
 * (scope.cityCode), a district's own by its district. Versions stored before city codes existed
 * are still read (policy-binding.ts), so this is checked on drafts, not in validatePolicy.
 */
function scopeProblems(document: PolicyDocument): { field: string; rule: string }[] {
  return document.scope.cityCode === undefined && document.scope.district === undefined
    ? [
        {
          field: 'scope.cityCode',
          rule: 'is required for a city-wide policy: the 2 or 4 leading digits of the division codes it covers (e.g. 50 for Chongqing, 4401 for Guangzhou)',
        },
      ]
    : [];
}

@Injectable()
export class PoliciesService {
  constructor(
    private readonly repository: PoliciesRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** A new draft, version 1; every broken rule of the policy is named at once. */
  async createDraft(request: CreatePolicyDraftRequest, ctx: CommandContext): Promise<PolicyResponse> {
    const id = newId('policy');
    const document = withDefaults(request);
    const problems = [
      ...validatePolicy(toDraft(id, 1, document)).map((problem) => ({ field: problem.field, rule: problem.message })),
      ...scopeProblems(document),
    ];
    if (problems.length > 0) throw new ValidationError(problems);
    return this.unitOfWork.run(ctx, async (tx) => this.insert(tx, { id, seriesId: id, policyVersion: 1 }, document, ctx));
  }

  /**
   * The next version of a published policy, as a draft in the same series (and so the same fund).
   * Only the latest version may be succeeded, only once at a time (one open draft per series), and
   * the new version must take effect after the one it follows; from its effectiveFrom it supersedes
   * it for loans disbursed from then on (policy-binding.ts).
   */
  async createVersion(policyId: string, request: CreatePolicyVersionRequest, ctx: CommandContext): Promise<PolicyResponse> {
    try {
      return await this.draftNextVersion(policyId, request, ctx);
    } catch (error) {
      // (series_id, policy_version) is unique: a racing request drafted the same version first.
      if (isUniqueViolation(error))
        throw new ConcurrentModificationError(
          `another request drafted the next version of ${policyId} at the same time; read the series and try again`,
          'DRAFT',
        );
      throw error;
    }
  }

  private draftNextVersion(policyId: string, request: CreatePolicyVersionRequest, ctx: CommandContext): Promise<PolicyResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const base = await this.repository.find(tx, policyId);
      if (!base) throw new NotFoundError('compensation policy', policyId);
      const series = await this.repository.series(tx, base.seriesId);
      const latest = series[series.length - 1];
      if (latest.status !== 'PUBLISHED') {
        throw new IllegalTransitionError(
          `policy series ${base.seriesId} already has draft version ${latest.policyVersion} (${latest.id}); publish it before drafting another`,
          'DRAFT',
        );
      }
      if (latest.id !== base.id) {
        throw new RuleViolationError(
          `${policyId} is version ${base.policyVersion}; the next version follows the latest, version ${latest.policyVersion} (${latest.id})`,
        );
      }
      const id = newId('policy');
      const version = latest.policyVersion + 1;
      const document = withDefaults(request);
      const problems = [
        ...validatePolicy(toDraft(id, version, document)).map((problem) => ({ field: problem.field, rule: problem.message })),
        ...scopeProblems(document),
      ];
      const previousFrom = toPolicyResponse(latest).effectiveFrom;
      if (request.effectiveFrom <= previousFrom) {
        problems.push({
          field: 'effectiveFrom',
          rule: `a new version must take effect after version ${latest.policyVersion}, which took effect on ${previousFrom}`,
        });
      }
      if (problems.length > 0) throw new ValidationError(problems);
      return this.insert(tx, { id, seriesId: base.seriesId, policyVersion: version }, document, ctx);
    });
  }

  private async insert(
    tx: TransactionClient,
    identity: { id: string; seriesId: string; policyVersion: number },
    request: PolicyDocument,
    ctx: RequestContext,
  ): Promise<PolicyResponse> {
    const row = await this.repository.insertDraft(tx, {
      ...identity,
      document: request,
      effectiveFrom: fromDateString(request.effectiveFrom),
      effectiveTo: request.effectiveTo === undefined ? null : fromDateString(request.effectiveTo),
      createdByOrgId: ctx.actor.orgId,
      createdByUserId: ctx.actor.userId,
    });
    return toPolicyResponse(row);
  }

  /** DRAFT → PUBLISHED, once: the version is frozen and CompensationPolicyPublished goes out. */
  async publish(id: string, ctx: CommandContext): Promise<PolicyResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const at = new Date();
      const published = await publishDraftOnce({
        noun: 'compensation policy',
        id,
        find: () => this.repository.find(tx, id),
        alreadyPublished: (row) => this.alreadyPublished(row.id, row.policyVersion),
        // 四眼原则: the rules bind public money, so the one who wrote them may not also make them binding.
        fourEyesRefusal: (row) =>
          row.createdByUserId === ctx.actor.userId
            ? new ForbiddenError(
                `four-eyes rule: ${ctx.actor.userId ?? 'the author'} drafted policy ${id} and may not also publish it; another bureau user must approve it`,
              )
            : undefined,
        // Drafts are validated when written; checked again because publishing is what makes rules binding.
        problems: (row) => {
          const policy = toPolicyResponse(row);
          return validatePolicy(toDraft(policy.id, policy.version, policy.document)).map((problem) => ({
            field: problem.field,
            rule: problem.message,
          }));
        },
        publishIfUnchanged: (rowVersion) =>
          this.repository.publishIfUnchanged(tx, id, rowVersion, { orgId: ctx.actor.orgId, userId: ctx.actor.userId, at }),
      });
      const response = toPolicyResponse(published);
      await this.outbox.append(tx, {
        type: 'CompensationPolicyPublished',
        payload: {
          policyId: response.id,
          seriesId: response.seriesId,
          version: response.version,
          name: response.name,
          scope: response.document.scope,
          effectiveFrom: response.effectiveFrom,
          effectiveTo: response.effectiveTo,
          parties: response.document.parties,
          document: response.document,
          publishedAt: response.publishedAt ?? at.toISOString(),
        },
        ...ctx.cause,
      });
      return response;
    });
  }

  /** The bureau sees every version; a bank only the published ones (the rules it lends under). */
  async get(id: string, ctx: RequestContext): Promise<PolicyResponse> {
    const row = await this.repository.read(id);
    if (!row || !this.mayRead(row.status, ctx)) throw new NotFoundError('compensation policy', id);
    return toPolicyResponse(row);
  }

  async list(status: PolicyStatus | undefined, ctx: RequestContext): Promise<PolicyResponse[]> {
    const rows = await this.repository.list({ status: ctx.actor.role === 'bureau' ? status : 'PUBLISHED' });
    return rows.filter((row) => status === undefined || row.status === status).map(toPolicyResponse);
  }

  presets(): PolicyPreset[] {
    return PRESETS.map(toPreset);
  }

  private mayRead(status: string, ctx: RequestContext): boolean {
    return ctx.actor.role === 'bureau' || status === 'PUBLISHED';
  }

  private alreadyPublished(id: string, version: number): IllegalTransitionError {
    return new IllegalTransitionError(
      `compensation policy ${id} version ${version} is already PUBLISHED and cannot change; a change is a new version`,
      'PUBLISHED',
    );
  }
}
