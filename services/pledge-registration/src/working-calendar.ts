// Decision deadlines count working days on the calendar the bureau maintains in risk-compensation.
// This service keeps its own copy of what was published (WorkingCalendarYearPublished), the
// highest revision of each year, on top of the years shipped with the release: it decides on its
// own data, never by asking risk-compensation.
import { Inject, Injectable } from '@nestjs/common';
import { SHIPPED_CALENDAR_YEARS, workingDayCalendar, type CalendarYear, type WorkingDayCalendar } from '@ipledger/calendar';
import type { EventEnvelope } from '@ipledger/contracts';
import type { PrismaClient, TransactionClient } from './database';
import { PRISMA } from '@ipledger/service-kit';

@Injectable()
export class WorkingCalendar {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** A published revision replaces the year's older one; an older or repeated one changes nothing. */
  async recordPublished(tx: TransactionClient, event: EventEnvelope<'WorkingCalendarYearPublished'>): Promise<void> {
    const { year, revision, calendarYearId, source, holidays, makeUpWorkingDays } = event.payload;
    await tx.$executeRaw`
      INSERT INTO pledge_registration.calendar_years (year, revision, calendar_year_id, source, holidays, make_up_working_days, event_id)
      VALUES (${year}, ${revision}, ${calendarYearId}, ${source}, ${holidays}, ${makeUpWorkingDays}, ${event.eventId})
      ON CONFLICT (year) DO UPDATE SET
        revision = EXCLUDED.revision, calendar_year_id = EXCLUDED.calendar_year_id, source = EXCLUDED.source,
        holidays = EXCLUDED.holidays, make_up_working_days = EXCLUDED.make_up_working_days, event_id = EXCLUDED.event_id
      WHERE pledge_registration.calendar_years.revision < EXCLUDED.revision`;
  }

  /** The shipped years, each replaced by its published revision once one has arrived. */
  async current(db: TransactionClient | PrismaClient = this.prisma): Promise<WorkingDayCalendar> {
    const published = await db.registrationCalendarYear.findMany({ orderBy: { year: 'asc' } });
    const years = new Map<number, CalendarYear>(SHIPPED_CALENDAR_YEARS.map((year) => [year.year, year]));
    for (const row of published) {
      years.set(row.year, { year: row.year, source: row.source, holidays: row.holidays, makeUpWorkingDays: row.makeUpWorkingDays });
    }
    return workingDayCalendar([...years.values()]);
  }
}
