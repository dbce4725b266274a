// valuation in-process against a real PostgreSQL and Kafka: it learns pledges from events,
// accepts appraisals, publishes PledgeValued, and answers a retried command once.
import { randomUUID } from 'node:crypto';
import type { ErrorBody, EventEnvelope, ValuationListResponse, ValuationResponse } from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { pollUntil, serviceUnderTest, actingAs, testEnvelope } from '@ipledger/testing';
import type { z } from 'zod';
import { ValuationModule } from './valuation.module';
import { PrismaClient } from './database';

const APPRAISER = actingAs({ orgId: 'appraiser-cq', role: 'appraiser' });
const OTHER_APPRAISER = actingAs({ orgId: 'appraiser-other', role: 'appraiser' });
const pledgeId = `pl_${randomUUID().replace(/-/g, '')}`;

const report = (appraisedValue: string) => ({
  pledgeId,
  method: 'market',
  appraisedValue,
  valuationDate: '2026-01-10',
  validUntil: '2027-01-10',
});

describe('valuation on a real broker and database', () => {
  const sut = serviceUnderTest(
    { service: 'valuation', schema: 'valuation', prismaClient: PrismaClient, consumer: 'valuation', module: ValuationModule },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)), readTopics: ['audit'] },
  );

  const post = (body: unknown, headers: Record<string, string> = APPRAISER) =>
    sut.call<ValuationResponse & ErrorBody>('POST', '/api/valuations', headers, body);
  const valuationCount = async () => sut.prisma.valuation.count({ where: { pledgeId } });

  beforeAll(async () => {
    await sut.produce({
      eventId: randomUUID(),
      type: 'PledgeApplicationSubmitted',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: pledgeId,
      correlationId: 'corr-valuation-test',
      causationId: null,
      producer: 'pledge-registration',
      actor: { orgId: 'bank-cq-a', role: 'bank', userId: null },
      payload: {
        pledgeId,
        bankOrgId: 'bank-cq-a',
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
        ipItems: [{ ipType: 'trademark', number: '12345678', title: null }],
        requestedLoanAmount: '500000.00',
        termMonths: 12,
        districtCode: '500101',
        submittedAt: new Date().toISOString(),
        appraiserOrgId: 'appraiser-cq',
      },
    });
  });

  it('accepts an appraisal once it has heard of the pledge, and publishes PledgeValued', async () => {
    const created = await pollUntil(
      async () => {
        const response = await post(report('2000000.00'));
        return response.status === 201 ? response.body : undefined;
      },
      { description: 'valuation to learn the pledge from its event' },
    );
    expect(created).toMatchObject({ pledgeId, appraiserOrgId: 'appraiser-cq', appraisedValue: '2000000.00', method: 'market' });
    const outbox = await pollUntil(
      async () => (await sut.prisma.outbox.findMany({ where: { publishedAt: { not: null } } })).find((row) => row.type === 'PledgeValued'),
      { description: 'the PledgeValued event to be published' },
    );
    expect(outbox.key).toBe(pledgeId);
  });

  it('refuses a report valid only before its own date, naming the field, and stores nothing', async () => {
    const before = await valuationCount();
    const refused = await post({ ...report('1.00'), validUntil: '2026-01-01' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ field: 'validUntil', rule: 'must be after valuationDate' }]);
    expect(await valuationCount()).toBe(before);
  });

  it('answers a retried command with the first result, and refuses the key for a different request', async () => {
    const headers = { ...APPRAISER, 'idempotency-key': `retry-${randomUUID()}` };
    const first = await post(report('3000000.00'), headers);
    const retried = await post(report('3000000.00'), headers);
    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(first.body);
    expect(retried.headers.get('idempotent-replay')).toBe('true');
    expect(await sut.prisma.valuation.count({ where: { pledgeId, appraisedValue: '3000000.00' } })).toBe(1);

    const reused = await post(report('3100000.00'), headers);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'idempotency-conflict' });
    expect(await sut.prisma.valuation.count({ where: { pledgeId, appraisedValue: '3100000.00' } })).toBe(0);
  });

  it('runs a command once when the same key arrives many times at once, and every request gets its answer', async () => {
    const key = `burst-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post(report('3200000.00'), { ...APPRAISER, 'idempotency-key': key })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await sut.prisma.valuation.count({ where: { pledgeId, appraisedValue: '3200000.00' } })).toBe(1);
  });

  it('keeps no key for a refused command, so a corrected retry may use it', async () => {
    const headers = { ...APPRAISER, 'idempotency-key': `fix-${randomUUID()}` };
    expect((await post({ ...report('3300000.00'), validUntil: '2026-01-01' }, headers)).status).toBe(400);
    const corrected = await post(report('3300000.00'), headers);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replay')).toBeNull();
  });

  it('shows an appraiser only its own reports', async () => {
    const list = async (headers: Record<string, string>) =>
      (await sut.call<z.infer<typeof ValuationListResponse>>('GET', `/api/valuations?pledgeId=${pledgeId}`, headers)).body;
    expect((await list(APPRAISER)).items.length).toBe(await valuationCount());
    expect((await list(OTHER_APPRAISER)).items).toEqual([]);
  });
  describe('the appraiser the application names', () => {
    const application = (id: string, appraiserOrgId: string | undefined) => ({
      pledgeId: id,
      bankOrgId: 'bank-cq-a',
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
      ipItems: [{ ipType: 'trademark' as const, number: '23456789', title: null }],
      requestedLoanAmount: '500000.00',
      termMonths: 12,
      districtCode: '500101',
      ...(appraiserOrgId === undefined ? {} : { appraiserOrgId }),
    });
    const submittedEvent = (id: string, appraiserOrgId: string | undefined) =>
      testEnvelope(
        'PledgeApplicationSubmitted',
        { ...application(id, appraiserOrgId), submittedAt: new Date().toISOString() },
        { key: id, producer: 'pledge-registration' },
      );
    const known = (id: string) =>
      pollUntil(async () => sut.prisma.valuationPledge.findUnique({ where: { pledgeId: id } }), {
        description: `valuation to learn pledge ${id}`,
      });

    it('is the only one who may value the pledge: another appraiser gets 404 as for an unknown pledge, and nothing is stored', async () => {
      const refused = await post(report('1000000.00'), OTHER_APPRAISER);
      expect(refused.status).toBe(404);
      expect(refused.body.error).toMatchObject({ code: 'not-found', message: `pledge application ${pledgeId} was not found` });
      expect(await sut.prisma.valuation.count({ where: { pledgeId, appraiserOrgId: 'appraiser-other' } })).toBe(0);
    });

    it('lets no appraiser value a pledge whose application (from before the rule) names none', async () => {
      const id = `pl_${randomUUID().replace(/-/g, '')}`;
      await sut.produce(submittedEvent(id, undefined));
      expect((await known(id)).appraiserOrgId).toBeNull();
      expect((await post({ ...report('1000000.00'), pledgeId: id })).status).toBe(404);

      // Until the bank names one.
      const assigned = testEnvelope(
        'PledgeAppraiserAssigned',
        { pledgeId: id, bankOrgId: 'bank-cq-a', appraiserOrgId: 'appraiser-cq', assignedOn: '2026-03-02' },
        { key: id, producer: 'pledge-registration' },
      );
      await sut.produce(assigned);
      await pollUntil(
        async () => (await sut.prisma.valuationPledge.findUnique({ where: { pledgeId: id } }))?.appraiserOrgId === 'appraiser-cq',
        {
          description: 'valuation to learn the assigned appraiser',
        },
      );
      expect((await post({ ...report('1000000.00'), pledgeId: id })).status).toBe(201);
      expect((await post({ ...report('1000000.00'), pledgeId: id }, OTHER_APPRAISER)).status).toBe(404);
    });

    it('follows a corrected application (补正) to the appraiser it names now, and the same correction twice changes nothing', async () => {
      const id = `pl_${randomUUID().replace(/-/g, '')}`;
      await sut.produce(submittedEvent(id, 'appraiser-cq'));
      await known(id);
      const corrected = testEnvelope(
        'PledgeApplicationResubmitted',
        {
          ...application(id, 'appraiser-other'),
          appraiserOrgId: 'appraiser-other',
          firstSubmittedAt: new Date().toISOString(),
          resubmittedAt: new Date().toISOString(),
        },
        { key: id, producer: 'pledge-registration' },
      );
      await sut.produce(corrected);
      await pollUntil(
        async () => (await sut.prisma.valuationPledge.findUnique({ where: { pledgeId: id } }))?.appraiserOrgId === 'appraiser-other',
        {
          description: 'valuation to learn the corrected appraiser',
        },
      );
      const [position] = await sut.produce(corrected);
      await sut.consumedPast(position);
      expect((await post({ ...report('1000000.00'), pledgeId: id })).status).toBe(404);
      const valued = await post({ ...report('1000000.00'), pledgeId: id }, OTHER_APPRAISER);
      expect(valued.status).toBe(201);
      expect(valued.body.appraiserOrgId).toBe('appraiser-other');
    });
  });

  describe('the audit trail', () => {
    /** The CommandAudited records this service wrote for one request id (committed with the answer or before it). */
    const audited = async (requestId: string) =>
      (await sut.prisma.outbox.findMany({ where: { type: 'CommandAudited' }, orderBy: { id: 'asc' } }))
        .map((row) => row.envelope as unknown as EventEnvelope<'CommandAudited'>)
        .filter((event) => event.payload.requestId === requestId);
    const withRequestId = (headers: Record<string, string>) => {
      const requestId = `req-${randomUUID()}`;
      return { requestId, headers: { ...headers, 'x-request-id': requestId } };
    };

    it('records an allowed command once, as succeeded, in the command’s own transaction, and publishes it', async () => {
      const { requestId, headers } = withRequestId(actingAs({ orgId: 'appraiser-cq', role: 'appraiser', userId: 'zhang.min' }));
      const created = await post(report('2500000.00'), headers);
      expect(created.status).toBe(201);

      const records = await audited(requestId);
      expect(records).toHaveLength(1);
      const [record] = records;
      expect(record?.payload).toMatchObject({
        service: 'valuation',
        method: 'POST',
        path: '/api/valuations',
        targetId: created.body.id,
        actor: { orgId: 'appraiser-cq', role: 'appraiser', userId: 'zhang.min' },
        requestId,
        correlationId: requestId,
        outcome: 'succeeded',
        status: 201,
        reason: null,
      });
      expect(record?.payload.auditId).toMatch(/^aud_[0-9a-f]{32}$/);
      expect(record?.actor).toEqual({ orgId: 'appraiser-cq', role: 'appraiser', userId: 'zhang.min' });
      // One transaction wrote the effect's event and the audit record: both rows carry its id (xmin).
      const writers = await sut.prisma.$queryRawUnsafe<{ type: string; xmin: string }[]>(
        `SELECT type, xmin::text AS xmin FROM valuation.outbox WHERE envelope->>'causationId' = $1 ORDER BY id`,
        requestId,
      );
      expect(writers.map((row) => row.type)).toEqual(['PledgeValued', 'CommandAudited']);
      expect(new Set(writers.map((row) => row.xmin)).size).toBe(1);

      const published = await sut.publishedEvent('CommandAudited', record?.payload.auditId ?? '');
      expect(published.producer).toBe('valuation');
    });

    it('records a wrong role (403) and a missing token (401) as denied, on a GET as well', async () => {
      const bank = withRequestId(actingAs({ orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' }));
      expect((await post(report('1000000.00'), bank.headers)).status).toBe(403);
      const anonymous = withRequestId({ 'content-type': 'application/json' });
      expect((await post(report('1000000.00'), anonymous.headers)).status).toBe(401);
      const anonymousRead = withRequestId({});
      expect((await sut.call('GET', `/api/valuations?pledgeId=${pledgeId}`, anonymousRead.headers)).status).toBe(401);

      expect((await audited(bank.requestId)).map((event) => event.payload)).toEqual([
        expect.objectContaining({
          outcome: 'denied',
          status: 403,
          actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'li.wei' },
          reason: expect.stringContaining('forbidden: role bank may not call POST /api/valuations'),
        }),
      ]);
      expect((await audited(anonymous.requestId)).map((event) => event.payload)).toEqual([
        expect.objectContaining({
          outcome: 'denied',
          status: 401,
          actor: { orgId: null, role: null, userId: null },
          path: '/api/valuations',
        }),
      ]);
      const [read] = await audited(anonymousRead.requestId);
      expect(read?.payload).toMatchObject({ method: 'GET', outcome: 'denied', status: 401 });
      expect(read?.actor).toEqual({ orgId: 'ipledger-valuation', role: 'system', userId: null });
    });

    it('records refused commands (404, 400) as refused, and no succeeded record: nothing committed', async () => {
      const unknownPledge = withRequestId(APPRAISER);
      const refused = await post({ ...report('1.00'), pledgeId: `pl_${randomUUID().replace(/-/g, '')}` }, unknownPledge.headers);
      expect(refused.status).toBe(404);
      const invalid = withRequestId(APPRAISER);
      expect((await post({ ...report('1.00'), validUntil: '2026-01-01' }, invalid.headers)).status).toBe(400);

      expect((await audited(unknownPledge.requestId)).map((event) => event.payload)).toEqual([
        expect.objectContaining({
          outcome: 'refused',
          status: 404,
          targetId: null,
          reason: expect.stringMatching(/^not-found: pledge application pl_/),
        }),
      ]);
      expect((await audited(invalid.requestId)).map((event) => event.payload)).toEqual([
        expect.objectContaining({ outcome: 'refused', status: 400, reason: expect.stringMatching(/^validation-failed: /) }),
      ]);
    });

    it('records a reused idempotency key (409) as refused and a replay as succeeded', async () => {
      const key = `audit-${randomUUID()}`;
      const first = withRequestId({ ...APPRAISER, 'idempotency-key': key });
      const replay = withRequestId({ ...APPRAISER, 'idempotency-key': key });
      const conflict = withRequestId({ ...APPRAISER, 'idempotency-key': key });
      const created = await post(report('3300000.00'), first.headers);
      expect((await post(report('3300000.00'), replay.headers)).status).toBe(201);
      expect((await post(report('3400000.00'), conflict.headers)).status).toBe(409);

      expect((await audited(first.requestId)).map((event) => event.payload.outcome)).toEqual(['succeeded']);
      expect((await audited(replay.requestId)).map((event) => event.payload)).toEqual([
        expect.objectContaining({ outcome: 'succeeded', status: 201, targetId: created.body.id }),
      ]);
      expect((await audited(conflict.requestId)).map((event) => event.payload)).toEqual([
        expect.objectContaining({ outcome: 'refused', status: 409, reason: expect.stringMatching(/^idempotency-conflict: /) }),
      ]);
    });

    it("does not record reads that were allowed, but records one answered 404 (a probe for another organisation's data)", async () => {
      const read = withRequestId(APPRAISER);
      expect((await sut.call('GET', `/api/valuations?pledgeId=${pledgeId}`, read.headers)).status).toBe(200);
      const missing = withRequestId(APPRAISER);
      const missingId = `val_${randomUUID().replace(/-/g, '')}`;
      expect((await sut.call('GET', `/api/valuations/${missingId}`, missing.headers)).status).toBe(404);

      expect(await audited(read.requestId)).toEqual([]);
      const probes = await audited(missing.requestId);
      expect(probes.map((event) => event.payload)).toEqual([
        expect.objectContaining({
          method: 'GET',
          outcome: 'refused',
          status: 404,
          targetId: missingId,
          actor: expect.objectContaining({ orgId: 'appraiser-cq' }),
        }),
      ]);
    });
  });
});
