// The PRC working-day calendar (工作日历) as data the bureau maintains in risk-compensation: each
// year as the State Council notice states it, drafted by one bureau user and published by another.
// Services that count working days (claim filing deadlines, registration decision deadlines) keep
// the latest published revision of each year; a year nobody has entered counts Monday to Friday
// and is marked provisional.
import { z } from 'zod';
import { CalendarYearId, DateString } from '../primitives';

export const CalendarYearNumber = z.number().int().min(1949).max(9999);

/** One year's arrangement as the notice states it. */
export const CalendarYearDocument = z.strictObject({
  year: CalendarYearNumber,
  /** The notice the dates come from, so a reader can check them. */
  source: z.string().trim().min(1).max(500),
  /** Weekdays that are days off (法定节假日 and the bridging days around them). */
  holidays: z.array(DateString).max(60),
  /** Saturdays and Sundays that are working days (调休上班). */
  makeUpWorkingDays: z.array(DateString).max(30),
});

export const WorkingCalendarYearPublishedV1 = z.object({
  /** The id of this revision of the year. */
  calendarYearId: CalendarYearId,
  year: CalendarYearNumber,
  /** 1 for the year's first entry, then + 1 for each correction; the highest published revision is in force. */
  revision: z.number().int().min(1),
  source: z.string().min(1).max(500),
  holidays: z.array(DateString),
  makeUpWorkingDays: z.array(DateString),
  /** Who drafted and who published it (四眼原则); null for the years shipped with the release. */
  draftedByUserId: z.string().min(1).max(64).nullable(),
  publishedByUserId: z.string().min(1).max(64).nullable(),
  publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' }),
});
