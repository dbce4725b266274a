// Subsidy schemes as the bureau keeps them: a draft (validated whole, every problem named), published
// by another bureau user (四眼原则; the database holds that rule too) and frozen from then on. Banks
// read the published versions. Applications, decisions and payouts come next (docs/subsidies.md).
import { Injectable } from '@nestjs/common';
import {
  SubsidySchemeDocument,
  type CreateSubsidySchemeRequest,
  type SubsidySchemePresetResponse,
  type SubsidySchemeResponse,
} from '@ipledger/contracts';
import {
  ForbiddenError,
  fromDateString,
  IllegalTransitionError,
  newId,
  NotFoundError,
  type CommandContext,
  type RequestContext,
  UnitOfWork,
  ValidationError,
} from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { publishDraftOnce } from './draft-publication';
import { SUBSIDY_PRESETS, validateSubsidyScheme, type PublishedSubsidyScheme, type SubsidySchemeDraft } from './domain';
import { SubsidySchemesRepository, toSubsidySchemeResponse, type SubsidySchemeStatus } from './subsidy-schemes.repository';

/** The stored document with the id and version it is stored under, as the domain validates it. */
export function toSchemeDraft(schemeId: string, version: number, document: SubsidySchemeDocument): SubsidySchemeDraft {
  return { schemeId, version, ...document };
}

function problemsOf(id: string, version: number, document: SubsidySchemeDocument): { field: string; rule: string }[] {
  return validateSubsidyScheme(toSchemeDraft(id, version, document)).map((problem) => ({ field: problem.field, rule: problem.message }));
}

@Injectable()
export class SubsidySchemesService {
  constructor(
    private readonly repository: SubsidySchemesRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
  ) {}

  /** A new draft, version 1; every broken rule of the scheme is named at once. */
  async createDraft(request: CreateSubsidySchemeRequest, ctx: CommandContext): Promise<SubsidySchemeResponse> {
    const id = newId('subsidyScheme');
    const problems = problemsOf(id, 1, request);
    if (problems.length > 0) throw new ValidationError(problems);
    return this.unitOfWork.run(ctx, async (tx) => {
      const row = await this.repository.insertDraft(tx, {
        id,
        schemeVersion: 1,
        document: request,
        effectiveFrom: fromDateString(request.effectiveFrom),
        effectiveTo: request.effectiveTo === undefined ? null : fromDateString(request.effectiveTo),
        createdByOrgId: ctx.actor.orgId,
        createdByUserId: ctx.actor.userId,
      });
      return toSubsidySchemeResponse(row);
    });
  }

  /** DRAFT → PUBLISHED, once, by another bureau user than the author. */
  async publish(id: string, ctx: CommandContext): Promise<SubsidySchemeResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const published = await publishDraftOnce({
        noun: 'subsidy scheme',
        id,
        find: () => this.repository.find(tx, id),
        alreadyPublished: (row) => alreadyPublished(id, row.schemeVersion),
        // 四眼原则: the rules spend public money, so the one who wrote them may not also make them binding.
        fourEyesRefusal: (row) =>
          ctx.actor.userId === null || row.createdByUserId === ctx.actor.userId
            ? new ForbiddenError(
                `four-eyes rule: ${ctx.actor.userId ?? 'a client without a user'} may not publish subsidy scheme ${id}; another bureau user than its author must`,
              )
            : undefined,
        problems: (row) => {
          const scheme = toSubsidySchemeResponse(row);
          return problemsOf(scheme.id, scheme.version, scheme.document);
        },
        publishIfUnchanged: (rowVersion) =>
          this.repository.publishIfUnchanged(tx, id, rowVersion, { orgId: ctx.actor.orgId, userId: ctx.actor.userId, at: new Date() }),
      });
      return toSubsidySchemeResponse(published);
    });
  }

  presets(): SubsidySchemePresetResponse[] {
    return SUBSIDY_PRESETS.map(toPreset);
  }

  /** The bureau sees every version; a bank only the published ones. */
  async get(id: string, ctx: RequestContext): Promise<SubsidySchemeResponse> {
    const row = await this.repository.read(id);
    if (!row || !(ctx.actor.role === 'bureau' || row.status === 'PUBLISHED')) throw new NotFoundError('subsidy scheme', id);
    return toSubsidySchemeResponse(row);
  }

  async list(status: SubsidySchemeStatus | undefined, ctx: RequestContext): Promise<SubsidySchemeResponse[]> {
    const rows = await this.repository.list({ status: ctx.actor.role === 'bureau' ? status : 'PUBLISHED' });
    return rows.filter((row) => status === undefined || row.status === status).map(toSubsidySchemeResponse);
  }
}

/** A preset as the API shows it: its document, parsed by the request schema the bureau drafts with. */
export function toPreset(scheme: PublishedSubsidyScheme): SubsidySchemePresetResponse {
  const { schemeId, version, ...document } = scheme;
  return { presetId: schemeId, version, source: scheme.source, document: SubsidySchemeDocument.parse(structuredClone(document)) };
}

function alreadyPublished(id: string, version: number): IllegalTransitionError {
  return new IllegalTransitionError(
    `subsidy scheme ${id} version ${version} is already PUBLISHED and cannot change; a change is a new version`,
    'PUBLISHED',
  );
}
