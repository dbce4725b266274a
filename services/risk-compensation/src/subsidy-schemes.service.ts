// Subsidy schemes as the bureau keeps them: series of versions, each a draft (validated whole, every
// problem named), published by another bureau user (四眼原则; the database holds that rule too) and
// frozen from then on, with SubsidySchemePublished. The next version of a series takes effect after
// the one it follows; the series shares one budget a year and the caps (docs/subsidies.md). Banks
// read the published versions.
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@ipledger/db';
import {
  SubsidySchemeDocument,
  type CreateSubsidySchemeRequest,
  type CreateSubsidySchemeVersionRequest,
  type SubsidySchemePresetResponse,
  type SubsidySchemeResponse,
} from '@ipledger/contracts';
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
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** A new draft, version 1 of a new series; every broken rule of the scheme is named at once. */
  async createDraft(request: CreateSubsidySchemeRequest, ctx: CommandContext): Promise<SubsidySchemeResponse> {
    const id = newId('subsidyScheme');
    const problems = problemsOf(id, 1, request);
    if (problems.length > 0) throw new ValidationError(problems);
    return this.unitOfWork.run(ctx, (tx) => this.insert(tx, { id, seriesId: id, schemeVersion: 1 }, request, ctx));
  }

  /**
   * The next version of a published scheme, as a draft in the same series. Only the latest version
   * may be succeeded, one open draft at a time, and the new version must take effect after the one
   * it follows: from its effectiveFrom it binds applications whose cost falls on or after it.
   */
  async createVersion(schemeId: string, request: CreateSubsidySchemeVersionRequest, ctx: CommandContext): Promise<SubsidySchemeResponse> {
    try {
      return await this.unitOfWork.run(ctx, (tx) => this.draftNextVersion(tx, schemeId, request, ctx));
    } catch (error) {
      // (series_id, scheme_version) is unique: a racing request drafted the same version first.
      if (isUniqueViolation(error))
        throw new ConcurrentModificationError(
          `another request drafted the next version of subsidy scheme ${schemeId} at the same time; read the series and try again`,
          'DRAFT',
        );
      throw error;
    }
  }

  private async draftNextVersion(
    tx: TransactionClient,
    schemeId: string,
    request: CreateSubsidySchemeVersionRequest,
    ctx: CommandContext,
  ): Promise<SubsidySchemeResponse> {
    const base = await this.repository.find(tx, schemeId);
    if (!base) throw new NotFoundError('subsidy scheme', schemeId);
    const series = await this.repository.series(tx, base.seriesId);
    const latest = series[series.length - 1] ?? base;
    if (latest.status !== 'PUBLISHED') {
      throw new IllegalTransitionError(
        `subsidy scheme series ${base.seriesId} already has draft version ${latest.schemeVersion} (${latest.id}); publish it before drafting another`,
        'DRAFT',
      );
    }
    if (latest.id !== base.id) {
      throw new RuleViolationError(
        `${schemeId} is version ${base.schemeVersion}; the next version follows the latest, version ${latest.schemeVersion} (${latest.id})`,
      );
    }
    const id = newId('subsidyScheme');
    const version = latest.schemeVersion + 1;
    const problems = problemsOf(id, version, request);
    const previous = toSubsidySchemeResponse(latest);
    if (request.effectiveFrom <= previous.effectiveFrom) {
      problems.push({
        field: 'effectiveFrom',
        rule: `a new version must take effect after version ${previous.version}, which took effect on ${previous.effectiveFrom}`,
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return this.insert(tx, { id, seriesId: base.seriesId, schemeVersion: version }, request, ctx);
  }

  private async insert(
    tx: TransactionClient,
    identity: { id: string; seriesId: string; schemeVersion: number },
    document: SubsidySchemeDocument,
    ctx: RequestContext,
  ): Promise<SubsidySchemeResponse> {
    const row = await this.repository.insertDraft(tx, {
      ...identity,
      document,
      effectiveFrom: fromDateString(document.effectiveFrom),
      effectiveTo: document.effectiveTo === undefined ? null : fromDateString(document.effectiveTo),
      createdByOrgId: ctx.actor.orgId,
      createdByUserId: ctx.actor.userId,
    });
    return toSubsidySchemeResponse(row);
  }

  /** DRAFT → PUBLISHED, once, by another bureau user than the author: frozen, and SubsidySchemePublished goes out. */
  async publish(id: string, ctx: CommandContext): Promise<SubsidySchemeResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const at = new Date();
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
          this.repository.publishIfUnchanged(tx, id, rowVersion, { orgId: ctx.actor.orgId, userId: ctx.actor.userId, at }),
      });
      const response = toSubsidySchemeResponse(published);
      await this.outbox.append(tx, {
        type: 'SubsidySchemePublished',
        payload: {
          schemeId: response.seriesId,
          versionId: response.id,
          version: response.version,
          name: response.name,
          effectiveFrom: response.effectiveFrom,
          effectiveTo: response.effectiveTo,
          document: response.document,
          publishedAt: response.publishedAt ?? at.toISOString(),
        },
        ...ctx.cause,
      });
      return response;
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
