// The PRC working-day calendar as data the bureau maintains (工作日历). A year is drafted by one
// bureau user (or a correction of a published year: its next revision) and published by another
// (四眼原则); the highest published revision of a year is in force. Claims count their filing
// deadlines on it; a year nobody has entered counts Monday to Friday and the deadline says it is
// provisional (libs/calendar). The years shipped with the release are entered at start-up when the
// year has no revision yet, so a deployment always knows every year whose notice was known.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { CalendarYearResponse, DraftCalendarYearRequest } from '@ipledger/contracts';
import { isUniqueViolation } from '@ipledger/db';
import type { TransactionClient } from './database';
import type { Outbox } from '@ipledger/messaging';
import {
  Clock,
  ConcurrentModificationError,
  ForbiddenError,
  IllegalTransitionError,
  type Logger,
  LOGGER,
  newId,
  NotFoundError,
  OUTBOX,
  type CommandContext,
  type EventCause,
  UnitOfWork,
  ValidationError,
} from '@ipledger/service-kit';
import {
  calendarYearIssues,
  SHIPPED_CALENDAR_YEARS,
  workingDayCalendar,
  type CalendarYear,
  type WorkingDayCalendar,
} from '@ipledger/calendar';
import { CalendarRepository, type CalendarYearRow } from './calendar.repository';
import { SYSTEM_ACTOR } from './loan-facts.service';

@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const entered = await this.unitOfWork.runJob((tx) => this.enterShippedYears(tx));
      if (entered.length > 0) this.logger.info({ years: entered }, 'shipped working-day calendar years entered');
    } catch (error) {
      // Another instance entered them at the same moment: they are there either way.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** The calendar deadlines are counted on: every year's revision in force. */
  async calendar(tx: TransactionClient): Promise<WorkingDayCalendar> {
    return workingDayCalendar((await this.repository.inForce(tx)).map(toCalendarYear));
  }

  async list(filter: { year?: number; status?: 'DRAFT' | 'PUBLISHED' }): Promise<CalendarYearResponse[]> {
    const [rows, inForce] = await Promise.all([this.repository.list(filter), this.repository.inForce()]);
    const inForceIds = new Set(inForce.map((row) => row.id));
    return rows.map((row) => toResponse(row, inForceIds.has(row.id)));
  }

  /** A draft of a year (revision 1), or a correction of one (the next revision); one open draft per year. */
  async draft(request: DraftCalendarYearRequest, ctx: CommandContext): Promise<CalendarYearResponse> {
    const issues = calendarYearIssues(request).map((rule) => ({ field: fieldOf(rule), rule }));
    for (const field of ['holidays', 'makeUpWorkingDays'] as const) {
      const dates = request[field];
      for (const date of new Set(dates.filter((date, index) => dates.indexOf(date) !== index)))
        issues.push({ field, rule: `${date} is listed twice` });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    try {
      return await this.unitOfWork.run(ctx, async (tx) => {
        const revisions = await this.repository.revisionsOf(tx, request.year);
        const open = revisions.find((row) => row.status === 'DRAFT');
        if (open !== undefined) throw openDraft(open);
        const row = await this.repository.insert(tx, {
          id: newId('calendarYear'),
          year: request.year,
          revision: (revisions[revisions.length - 1]?.revision ?? 0) + 1,
          status: 'DRAFT',
          source: request.source,
          holidays: request.holidays,
          makeUpWorkingDays: request.makeUpWorkingDays,
          draftedBy: { orgId: ctx.actor.orgId, userId: ctx.actor.userId },
          publishedAt: null,
        });
        return toResponse(row, false);
      });
    } catch (error) {
      // One open draft per year and one row per revision are unique: a racing draft of the same year got there first.
      if (isUniqueViolation(error))
        throw new ConcurrentModificationError(
          `another request drafted calendar year ${request.year} at the same time; read the year and try again`,
          'DRAFT',
        );
      throw error;
    }
  }

  /** DRAFT → PUBLISHED, by a bureau user other than the drafter; WorkingCalendarYearPublished goes out. */
  async publish(id: string, ctx: CommandContext): Promise<CalendarYearResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const row = await this.repository.lock(tx, id);
      if (row === null) throw new NotFoundError('calendar year', id);
      if (row.status !== 'DRAFT')
        throw new IllegalTransitionError(
          `calendar year ${row.year} revision ${row.revision} is already PUBLISHED; a correction is a new draft`,
          row.status,
        );
      // 四眼原则: a calendar moves every deadline, so the one who entered the dates may not also make them binding.
      if (row.draftedByUserId === ctx.actor.userId) {
        throw new ForbiddenError(
          `four-eyes rule: ${ctx.actor.userId ?? 'the drafter'} drafted calendar year ${row.year} revision ${row.revision} and may not also publish it; another bureau user must`,
        );
      }
      const published = await this.repository.publish(tx, id, { orgId: ctx.actor.orgId, userId: ctx.actor.userId, at: this.clock.now() });
      await this.announce(tx, published, ctx.cause);
      return toResponse(published, true);
    });
  }

  private async enterShippedYears(tx: TransactionClient): Promise<number[]> {
    const entered = await this.repository.yearsEntered(tx);
    const added: number[] = [];
    for (const year of SHIPPED_CALENDAR_YEARS.filter((candidate) => !entered.has(candidate.year))) {
      const row = await this.repository.insert(tx, {
        id: newId('calendarYear'),
        year: year.year,
        revision: 1,
        status: 'PUBLISHED',
        source: year.source,
        holidays: year.holidays,
        makeUpWorkingDays: year.makeUpWorkingDays,
        draftedBy: null,
        publishedAt: this.clock.now(),
      });
      await this.announce(tx, row, { actor: SYSTEM_ACTOR, correlationId: row.id, causationId: null });
      added.push(year.year);
    }
    return added;
  }

  private async announce(tx: TransactionClient, row: CalendarYearRow, cause: EventCause): Promise<void> {
    await this.outbox.append(tx, {
      type: 'WorkingCalendarYearPublished',
      payload: {
        calendarYearId: row.id,
        year: row.year,
        revision: row.revision,
        source: row.source,
        holidays: row.holidays,
        makeUpWorkingDays: row.makeUpWorkingDays,
        draftedByUserId: row.draftedByUserId,
        publishedByUserId: row.publishedByUserId,
        publishedAt: (row.publishedAt ?? new Date()).toISOString(),
      },
      ...cause,
    });
  }
}

function toCalendarYear(row: CalendarYearRow): CalendarYear {
  return { year: row.year, source: row.source, holidays: row.holidays, makeUpWorkingDays: row.makeUpWorkingDays };
}

function toResponse(row: CalendarYearRow, inForce: boolean): CalendarYearResponse {
  return {
    id: row.id,
    year: row.year,
    revision: row.revision,
    status: row.status === 'PUBLISHED' ? 'PUBLISHED' : 'DRAFT',
    inForce,
    source: row.source,
    holidays: row.holidays,
    makeUpWorkingDays: row.makeUpWorkingDays,
    draftedByOrgId: row.draftedByOrgId,
    draftedByUserId: row.draftedByUserId,
    createdAt: row.createdAt.toISOString(),
    publishedByOrgId: row.publishedByOrgId,
    publishedByUserId: row.publishedByUserId,
    publishedAt: row.publishedAt === null ? null : row.publishedAt.toISOString(),
  };
}

/** The request field a calendar rule is about ("make-up working day …" → makeUpWorkingDays). */
function fieldOf(rule: string): string {
  if (rule.startsWith('make-up')) return 'makeUpWorkingDays';
  if (rule.startsWith('holiday') || rule.includes('both as a holiday')) return 'holidays';
  return 'year';
}

function openDraft(open: CalendarYearRow): IllegalTransitionError {
  return new IllegalTransitionError(
    `calendar year ${open.year} already has draft revision ${open.revision} (${open.id}); publish it before drafting another`,
    'DRAFT',
  );
}
