// Commands that can be chained, on lending as the service under test: a request naming events in
// IPledger-After waits until lending has applied those it consumes, and a command's answer names
// the events it caused in IPledger-Events (also when replayed by its Idempotency-Key).
import { randomUUID } from 'node:crypto';
import { HEADERS, type ErrorBody, type EventEnvelope, type EventType, type LoanResponse, type PayloadOf } from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, serviceUnderTest, testEnvelope } from '@ipledger/testing';
import { LendingModule } from './lending.module';
import { PrismaClient } from './database';

const BANK = actingAs({ orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' });
const WAIT_MS = 3_000;

function daysFromToday(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
const newPledgeId = () => `pl_${randomUUID().replace(/-/g, '')}`;
const tokenOf = (event: EventEnvelope) => `${event.type}:${event.eventId}`;

describe('chaining commands: IPledger-After and IPledger-Events on lending', () => {
  const sut = serviceUnderTest(
    { service: 'lending', schema: 'lending', prismaClient: PrismaClient, consumer: 'lending', module: LendingModule },
    {
      createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)),
      readTopics: ['loan'],
      env: { CONSISTENCY_WAIT_MS: String(WAIT_MS) },
    },
  );

  function envelope<T extends EventType>(
    type: T,
    producer: 'pledge-registration' | 'valuation',
    pledgeId: string,
    payload: PayloadOf<T>,
  ): EventEnvelope<T> {
    return testEnvelope(type, payload, { key: pledgeId, producer, actor: { orgId: 'bank-cq-a', role: 'bank', userId: null } });
  }

  /** The three facts lending needs before it lends against a pledge, not produced yet. */
  function pledgeFacts(pledgeId: string): EventEnvelope[] {
    return [
      envelope('PledgeApplicationSubmitted', 'pledge-registration', pledgeId, {
        pledgeId,
        bankOrgId: 'bank-cq-a',
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
        ipItems: [{ ipType: 'invention-patent', number: '201910884346.5', title: null }],
        requestedLoanAmount: '3000000.00',
        termMonths: 24,
        districtCode: '500101',
        submittedAt: new Date().toISOString(),
      }),
      envelope('PledgeRegistered', 'pledge-registration', pledgeId, {
        pledgeId,
        bankOrgId: 'bank-cq-a',
        registrationNumber: 'Y2026500000815',
        registrationDate: daysFromToday(-5),
      }),
      envelope('PledgeValued', 'valuation', pledgeId, {
        valuationId: `val_${randomUUID().replace(/-/g, '')}`,
        pledgeId,
        appraiserOrgId: 'appraiser-cq',
        method: 'income',
        appraisedValue: '8000000.00',
        valuationDate: daysFromToday(-10),
        validUntil: daysFromToday(355),
        reportNumber: null,
      }),
    ];
  }

  const disbursement = (pledgeId: string) => ({
    pledgeId,
    principal: '1000000.00',
    annualInterestRate: '0.0435',
    termMonths: 12,
    disbursedOn: daysFromToday(0),
  });

  it('waits for the events a disbursement names until lending has applied them, then disburses', async () => {
    const pledgeId = newPledgeId();
    const facts = pledgeFacts(pledgeId);
    // Sent before the facts exist anywhere: without IPledger-After this would be 404 (pledge unknown).
    const answer = sut.call<LoanResponse>(
      'POST',
      '/api/loans',
      { ...BANK, [HEADERS.after]: facts.map(tokenOf).join(', ') },
      disbursement(pledgeId),
    );
    await sut.produce(...facts);
    const disbursed = await answer;
    expect(disbursed.status).toBe(201);

    // The answer names the event it caused, and only that (not its audit record).
    const [event] = await sut.publishedEvents('LoanDisbursed', disbursed.body.id, 1);
    expect(disbursed.headers.get(HEADERS.commandEvents)).toBe(`LoanDisbursed:${event.eventId}`);
  });

  it('answers a replay by its Idempotency-Key with the same IPledger-Events', async () => {
    const pledgeId = newPledgeId();
    const facts = pledgeFacts(pledgeId);
    await sut.produce(...facts);
    const headers = { ...BANK, [HEADERS.after]: facts.map(tokenOf).join(','), [HEADERS.idempotencyKey]: `chain-${pledgeId}` };
    const first = await sut.call<LoanResponse>('POST', '/api/loans', headers, disbursement(pledgeId));
    expect(first.status).toBe(201);
    const replay = await sut.call<LoanResponse>('POST', '/api/loans', headers, disbursement(pledgeId));
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(replay.headers.get(HEADERS.commandEvents)).toMatch(/^LoanDisbursed:[0-9a-f-]{36}$/);
    expect(replay.headers.get(HEADERS.commandEvents)).toBe(first.headers.get(HEADERS.commandEvents));
  });

  it('answers 503 not-yet-consistent with Retry-After and the missing events when one never arrives within the bound', async () => {
    const missing = `PledgeRegistered:${randomUUID()}`;
    const started = Date.now();
    const answer = await sut.call<ErrorBody>('GET', '/api/loans', { ...BANK, [HEADERS.after]: missing });
    expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS - 50);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body.error).toMatchObject({ status: 503, code: 'not-yet-consistent', pendingEvents: [missing] });
    expect(answer.body.error.message).toContain(missing);
  });

  it('ignores events of a type lending does not consume', async () => {
    const started = Date.now();
    const answer = await sut.call<{ items: LoanResponse[] }>('GET', '/api/loans', {
      ...BANK,
      [HEADERS.after]: `CompensationApproved:${randomUUID()}, DealRecorded:${randomUUID()}`,
    });
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
  });

  it.each([
    ['not a token', 'PledgeRegistered'],
    ['not a UUID', 'PledgeRegistered:12345'],
    ['an unknown event type', `NoSuchEvent:${randomUUID()}`],
  ])('refuses a malformed IPledger-After (%s) with 400 naming the header', async (_case, value) => {
    const answer = await sut.call<ErrorBody>('GET', '/api/loans', { ...BANK, [HEADERS.after]: value });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation-failed');
    expect(answer.body.error.details?.[0]?.field).toBe(`header ${HEADERS.after}`);
  });
});
