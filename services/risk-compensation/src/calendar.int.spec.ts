// The working-day calendar the bureau maintains, in-process against a real PostgreSQL and Kafka: the
// shipped years entered at start-up, a year drafted by one bureau user and published by another,
// corrections as new revisions, and WorkingCalendarYearPublished on the calendar topic.
import type { CalendarYearListResponse, CalendarYearResponse, ErrorBody } from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, eventually, serviceUnderTest } from '@ipledger/testing';
import type { z } from 'zod';
import { RiskCompensationModule } from './risk-compensation.module';
import { PrismaClient } from './database';

const DRAFTER = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' });
const PUBLISHER = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'liu.yang' });
const BANK = actingAs({ orgId: 'bank-cq-rural', role: 'bank' });
const STATISTICIAN = actingAs({ orgId: 'stats-cq', role: 'statistician' });

/** 2027 as a notice might state it (dates for the test only: the real 2027 notice is not entered here). */
const YEAR_2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知 (test data)',
  holidays: ['2027-01-01', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
  makeUpWorkingDays: ['2027-02-06'],
};

describe('the working-day calendar on a real broker and database', () => {
  const sut = serviceUnderTest(
    {
      service: 'risk-compensation',
      schema: 'risk_compensation',
      prismaClient: PrismaClient,
      consumer: 'risk-compensation',
      module: RiskCompensationModule,
    },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)), readTopics: ['calendar'] },
  );

  type Answer<T> = Promise<{ status: number; body: T & ErrorBody }>;
  const post = <T>(path: string, headers: Record<string, string>, body: unknown = {}): Answer<T> =>
    sut.call<T & ErrorBody>('POST', path, headers, body);
  const list = (query = '', headers = BANK) =>
    sut.call<z.infer<typeof CalendarYearListResponse>>('GET', `/api/calendar/years${query}`, headers);

  it('enters the shipped years at start-up, once, and announces them', async () => {
    const years = (await list()).body.items;

    expect(years.map((year) => [year.year, year.revision, year.status, year.inForce, year.draftedByUserId])).toEqual([
      [2025, 1, 'PUBLISHED', true, null],
      [2026, 1, 'PUBLISHED', true, null],
    ]);
    expect(years[1].holidays).toContain('2026-10-01');
    await eventually(() =>
      expect(sut.published.filter((event) => event.type === 'WorkingCalendarYearPublished').map((event) => event.payload)).toEqual([
        expect.objectContaining({ year: 2025, revision: 1 }),
        expect.objectContaining({ year: 2026, revision: 1 }),
      ]),
    );
    expect((await list('', STATISTICIAN)).status).toBe(200);
  });

  it('publishes a drafted year only by another bureau user, and counts deadlines on it from then on', async () => {
    expect((await post('/api/calendar/years', BANK, YEAR_2027)).status).toBe(403);
    const drafted = await post<CalendarYearResponse>('/api/calendar/years', DRAFTER, YEAR_2027);
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ year: 2027, revision: 1, status: 'DRAFT', inForce: false, draftedByUserId: 'wang.fang' });
    expect((await post('/api/calendar/years', DRAFTER, YEAR_2027)).body.error).toMatchObject({
      code: 'illegal-transition',
      currentState: 'DRAFT',
    });

    const bySelf = await post<CalendarYearResponse>(`/api/calendar/years/${drafted.body.id}/publish`, DRAFTER);
    expect(bySelf.status).toBe(403);
    expect(bySelf.body.error.message).toBe(
      'four-eyes rule: wang.fang drafted calendar year 2027 revision 1 and may not also publish it; another bureau user must',
    );

    const published = await post<CalendarYearResponse>(`/api/calendar/years/${drafted.body.id}/publish`, PUBLISHER);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'PUBLISHED', inForce: true, publishedByUserId: 'liu.yang' });
    expect((await sut.publishedEvent('WorkingCalendarYearPublished', drafted.body.id)).payload).toMatchObject({
      year: 2027,
      revision: 1,
      holidays: YEAR_2027.holidays,
      draftedByUserId: 'wang.fang',
      publishedByUserId: 'liu.yang',
    });
    expect((await post(`/api/calendar/years/${drafted.body.id}/publish`, PUBLISHER)).body.error).toMatchObject({
      code: 'illegal-transition',
      currentState: 'PUBLISHED',
    });
    // Frozen in the database too: a correction is a new revision.
    await expect(sut.prisma.workingCalendarYear.update({ where: { id: drafted.body.id }, data: { source: 'changed' } })).rejects.toThrow(
      /published/,
    );
  });

  it('takes a correction of a published year as its next revision, which is in force once published', async () => {
    const correction = await post<CalendarYearResponse>('/api/calendar/years', DRAFTER, {
      year: 2026,
      source: '国务院办公厅关于2026年部分节假日安排的通知 (corrected, test data)',
      holidays: ['2026-01-01', '2026-01-02', '2026-12-31'],
      makeUpWorkingDays: ['2026-01-04'],
    });
    expect(correction.body).toMatchObject({ year: 2026, revision: 2, status: 'DRAFT' });
    await post(`/api/calendar/years/${correction.body.id}/publish`, PUBLISHER);

    const revisions = (await list('?year=2026')).body.items;
    expect(revisions.map((year) => [year.revision, year.inForce])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('refuses a year that is not a calendar, naming each field and rule', async () => {
    const refused = await post('/api/calendar/years', DRAFTER, {
      year: 2028,
      source: 'test',
      holidays: ['2027-12-31', '2028-01-03', '2028-01-03'],
      makeUpWorkingDays: ['2028-01-04', '2028-01-03'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { field: 'holidays', rule: 'holiday 2027-12-31 is not in 2028' },
      { field: 'makeUpWorkingDays', rule: 'make-up working day 2028-01-04 is a weekday (only a Saturday or Sunday can be made up)' },
      { field: 'makeUpWorkingDays', rule: 'make-up working day 2028-01-03 is a weekday (only a Saturday or Sunday can be made up)' },
      { field: 'holidays', rule: '2028-01-03 is listed both as a holiday and as a make-up working day' },
      { field: 'holidays', rule: '2028-01-03 is listed twice' },
    ]);
    expect(await sut.prisma.workingCalendarYear.count({ where: { year: 2028 } })).toBe(0);
  });
});
