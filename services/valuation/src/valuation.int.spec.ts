// valuation in-process against a real PostgreSQL and Kafka: it learns pledges from events,
// accepts appraisals, publishes PledgeValued, and answers a retried command once.
import { randomUUID } from 'node:crypto';
import type { ErrorBody, ValuationListResponse, ValuationResponse } from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { pollUntil, serviceUnderTest, actingAs } from '@ipledger/testing';
import type { z } from 'zod';
import { ValuationModule } from './valuation.module';

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
    { service: 'valuation', schema: 'valuation', consumer: 'valuation', module: ValuationModule },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)) },
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
      },
    });
  });

  it('accepts an appraisal once it has heard of the pledge, and publishes PledgeValued', async () => {
    const created = await pollUntil(async () => {
      const response = await post(report('2000000.00'));
      return response.status === 201 ? response.body : undefined;
    }, { description: 'valuation to learn the pledge from its event' });
    expect(created).toMatchObject({ pledgeId, appraiserOrgId: 'appraiser-cq', appraisedValue: '2000000.00', method: 'market' });
    const outbox = await pollUntil(
      async () => (await sut.prisma.valuationOutbox.findMany({ where: { publishedAt: { not: null } } })).find((row) => row.type === 'PledgeValued'),
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

  it('shows an appraiser only its own reports', async () => {
    const list = async (headers: Record<string, string>) =>
      (await sut.call<z.infer<typeof ValuationListResponse>>('GET', `/api/valuations?pledgeId=${pledgeId}`, headers)).body;
    expect((await list(APPRAISER)).items.length).toBe(await valuationCount());
    expect((await list(OTHER_APPRAISER)).items).toEqual([]);
  });
});
