// The working-day calendar (工作日历) the bureau maintains: any signed-in user reads it; a bureau
// user drafts a year (or a correction of one) and another bureau user publishes it.
import { z } from 'zod';
import { CalendarYearDocument, CalendarYearNumber } from '../events/calendar-events';
import { CalendarYearId, OrgId, Timestamp } from '../primitives';

export const CALENDAR_YEAR_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export const CalendarYearStatus = z.enum(CALENDAR_YEAR_STATUSES, { message: `must be one of ${CALENDAR_YEAR_STATUSES.join(', ')}` });

/** A year as the State Council notice states it; a draft of a year already published is a correction (its next revision). */
export const DraftCalendarYearRequest = CalendarYearDocument;
export type DraftCalendarYearRequest = z.infer<typeof DraftCalendarYearRequest>;

export const ListCalendarYearsQuery = z.strictObject({
  year: z.coerce.number().int().min(1949).max(9999).optional(),
  status: CalendarYearStatus.optional(),
});

export const CalendarYearResponse = z.object({
  id: CalendarYearId,
  year: CalendarYearNumber,
  revision: z.number().int().min(1),
  status: CalendarYearStatus,
  /** The published revision deadlines are counted on (the year's highest published revision). */
  inForce: z.boolean(),
  source: z.string(),
  holidays: z.array(z.string()),
  makeUpWorkingDays: z.array(z.string()),
  /** Null for the years shipped with the release. */
  draftedByOrgId: OrgId.nullable(),
  draftedByUserId: z.string().nullable(),
  createdAt: Timestamp,
  publishedByOrgId: OrgId.nullable(),
  publishedByUserId: z.string().nullable(),
  publishedAt: Timestamp.nullable(),
});
export type CalendarYearResponse = z.infer<typeof CalendarYearResponse>;
export const CalendarYearListResponse = z.object({ items: z.array(CalendarYearResponse) });
