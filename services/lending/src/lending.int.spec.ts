// lending in-process against a real PostgreSQL and Kafka: pledge facts from events (in any
// order), disbursement within the loan-to-value limit, repayments to the fen, closing.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import {
  consumerGroupId,
  topicName,
  topicNames,
  type AnyEventEnvelope,
  type ErrorBody,
  type EventEnvelope,
  type EventType,
  type LoanResponse,
  type PayloadOf,
  type TopicId,
} from '@ipledger/contracts';
import { createPrismaClient, type PrismaClient } from '@ipledger/db';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { createTestDatabase, createTopicsForPrefix, pollUntil, uniqueTopicPrefix } from '@ipledger/testing';
import { LendingModule } from './lending.module';

type Headers = Record<string, string>;
/** Starting and stopping Kafka clients (group joins and leaves) takes seconds, more than jest's 5 s hook default. */
const HOOK_TIMEOUT_MS = 60_000;
const BANK_A: Headers = { 'x-actor-org': 'bank-cq-a', 'x-actor-role': 'bank', 'x-actor-user': 'loan-officer-1' };
const BANK_B: Headers = { 'x-actor-org': 'bank-cq-b', 'x-actor-role': 'bank' };
const BUREAU: Headers = { 'x-actor-org': 'bureau-cq', 'x-actor-role': 'bureau' };

function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
const today = () => daysFromToday(0);
const newPledgeId = () => `pl_${randomUUID().replace(/-/g, '')}`;
const newValuationId = () => `val_${randomUUID().replace(/-/g, '')}`;

describe('lending on a real broker and database', () => {
  let database: { url: string; drop(): Promise<void> };
  let prisma: PrismaClient;
  let sut: INestApplication;
  let base: string;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  let reader: Consumer;
  const prefix = uniqueTopicPrefix('lending');
  const published: AnyEventEnvelope[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTopicsForPrefix(prefix, topicNames(prefix));
    prisma = createPrismaClient({ url: database.url, poolSize: 3 });
    sut = await createServiceApp(
      { service: 'lending', schema: 'lending', consumer: 'lending', module: LendingModule },
      loadConfig(ServiceConfigSchema, {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: prefix,
        PORT: '1', // unused: the app listens on an ephemeral port below (the schema refuses 0)
        LOG_LEVEL: 'silent',
        OUTBOX_POLL_INTERVAL_MS: '20',
      }),
    );
    await sut.listen(0, '127.0.0.1');
    base = await sut.getUrl();
    kafka = new Kafka({ clientId: 'lending-test', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
    reader = kafka.consumer({ groupId: `${prefix}reader-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: topicName('loan', prefix), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        published.push(JSON.parse(message.value?.toString() ?? 'null') as AnyEventEnvelope);
      },
    });
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await reader?.disconnect();
    await admin?.disconnect();
    await producer?.disconnect();
    await sut?.close();
    await prisma?.$disconnect();
    await database?.drop();
  }, HOOK_TIMEOUT_MS);

  async function call<T>(method: 'GET' | 'POST', path: string, headers: Headers, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  // ── events from pledge-registration and valuation ─────────────────────────

  function envelope<T extends EventType>(type: T, key: string, producerName: 'pledge-registration' | 'valuation', payload: PayloadOf<T>): EventEnvelope<T> {
    return {
      eventId: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      key,
      correlationId: `corr-${key}`,
      causationId: null,
      producer: producerName,
      actor: { orgId: 'bank-cq-a', role: 'bank', userId: null },
      payload,
    } as EventEnvelope<T>;
  }

  const submitted = (pledgeId: string, overrides: Partial<PayloadOf<'PledgeApplicationSubmitted'>> = {}) =>
    envelope('PledgeApplicationSubmitted', pledgeId, 'pledge-registration', {
      pledgeId,
      bankOrgId: 'bank-cq-a',
      pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
      ipItems: [
        { ipType: 'invention-patent', number: '201910884346.5', title: '一种数据处理方法' },
        { ipType: 'invention-patent', number: '202110182616.5', title: null },
      ],
      requestedLoanAmount: '3000000.00',
      termMonths: 24,
      districtCode: '500101',
      submittedAt: new Date().toISOString(),
      ...overrides,
    });

  const registeredEvent = (pledgeId: string, registrationDate = daysFromToday(-5)) =>
    envelope('PledgeRegistered', pledgeId, 'pledge-registration', {
      pledgeId,
      bankOrgId: 'bank-cq-a',
      registrationNumber: 'Y2026500000815',
      registrationDate,
    });

  const valued = (pledgeId: string, appraisedValue: string, valuationDate = daysFromToday(-10)) =>
    envelope('PledgeValued', pledgeId, 'valuation', {
      valuationId: newValuationId(),
      pledgeId,
      appraiserOrgId: 'appraiser-cq',
      method: 'income',
      appraisedValue,
      valuationDate,
      validUntil: daysFromToday(355),
      reportNumber: '渝评报字[2026]第0815号',
    });

  const TOPIC_OF: Record<string, TopicId> = { PledgeApplicationSubmitted: 'pledge', PledgeRegistered: 'pledge', PledgeValued: 'valuation' };

  async function produce(...events: EventEnvelope[]): Promise<{ topic: string; partition: number; offset: bigint }[]> {
    const positions = [];
    for (const event of events) {
      const topic = topicName(TOPIC_OF[event.type] ?? 'pledge', prefix);
      const [metadata] = await producer.send({ topic, messages: [{ key: event.key, value: JSON.stringify(event) }] });
      positions.push({ topic, partition: metadata.partition, offset: BigInt(metadata.baseOffset ?? '0') });
    }
    return positions;
  }

  /** lending's consumer group has committed past this message: it was handled (or skipped). */
  async function consumedPast(position: { topic: string; partition: number; offset: bigint }): Promise<void> {
    await pollUntil(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId: consumerGroupId('lending', prefix), topics: [position.topic] });
        const offset = committed?.partitions.find((partition) => partition.partition === position.partition)?.offset ?? '-1';
        return BigInt(offset) > position.offset;
      },
      { description: 'lending to commit past the message' },
    );
  }

  // ── HTTP ──────────────────────────────────────────────────────────────────

  const disbursement = (pledgeId: string, principal: string, overrides: Record<string, unknown> = {}) => ({
    pledgeId,
    principal,
    annualInterestRate: '0.0435',
    termMonths: 12,
    disbursedOn: today(),
    ...overrides,
  });

  /** Polls a disbursement that must be refused until lending answers with the expected refusal. */
  async function refusedOnceKnown(pledgeId: string, principal: string, expected: string): Promise<ErrorBody> {
    return pollUntil(
      async () => {
        const response = await call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, principal));
        return response.status === 409 && response.body.error.message.includes(expected) ? response.body : undefined;
      },
      { description: `POST /api/loans for ${pledgeId} to be refused with "${expected}"` },
    );
  }

  async function knownPledgeWithLoan(principal = '1000000.00'): Promise<LoanResponse> {
    const pledgeId = newPledgeId();
    await produce(submitted(pledgeId), registeredEvent(pledgeId), valued(pledgeId, '8000000.00'));
    const response = await pollUntil(async () => {
      const attempt = await call<LoanResponse>('POST', '/api/loans', BANK_A, disbursement(pledgeId, principal));
      return attempt.status === 201 ? attempt : undefined;
    });
    return response.body;
  }

  async function publishedEvents<T extends EventType>(type: T, key: string, count: number): Promise<EventEnvelope<T>[]> {
    const find = () => published.filter((event) => event.type === type && event.key === key) as EventEnvelope<T>[];
    await pollUntil(() => find().length >= count, { description: `${count} × ${type} for ${key} on the loan topic` });
    return find();
  }

  const loanRows = (pledgeId: string) => prisma.loan.findMany({ where: { pledgeId } });

  describe('disbursing', () => {
    it('learns a pledge whose valuation and registration arrive before its application', async () => {
      const pledgeId = newPledgeId();
      const early = await produce(valued(pledgeId, '8000000.00'), registeredEvent(pledgeId));
      for (const position of early) await consumedPast(position);
      // Handled, but without the application lending does not know whose pledge it is.
      expect((await call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1000000.00'))).status).toBe(404);
      await produce(submitted(pledgeId));
      const body = await refusedOnceKnown(pledgeId, '2500000.00', 'loan-to-value limit');
      expect(body.error).toMatchObject({
        code: 'rule-violated',
        message: 'principal 2500000.00 exceeds the loan-to-value limit: 0.25 (invention-patent) × appraised value 8000000.00 = max principal 2000000.00',
      });
      expect(await loanRows(pledgeId)).toEqual([]);
    });

    it('refuses a pledge that is not registered yet', async () => {
      const pledgeId = newPledgeId();
      await produce(submitted(pledgeId), valued(pledgeId, '8000000.00'));
      const body = await refusedOnceKnown(pledgeId, '1000000.00', 'not registered');
      expect(body.error.message).toBe(`pledge ${pledgeId} is not registered yet; a loan needs a registered pledge`);
      expect(await loanRows(pledgeId)).toEqual([]);
    });

    it('applies the lowest limit of a mixed pledge', async () => {
      const pledgeId = newPledgeId();
      await produce(
        submitted(pledgeId, {
          ipItems: [
            { ipType: 'trademark', number: '12345678', title: null },
            { ipType: 'utility-model', number: '202020409182.9', title: null },
          ],
        }),
        registeredEvent(pledgeId),
        valued(pledgeId, '8000000.00'),
      );
      const body = await refusedOnceKnown(pledgeId, '1200000.01', 'loan-to-value limit');
      expect(body.error.message).toContain('0.15 (utility-model) × appraised value 8000000.00 = max principal 1200000.00');
    });

    it('disburses within the limit: 201, the loan stored ACTIVE, and LoanDisbursed on the loan topic', async () => {
      const loan = await knownPledgeWithLoan('2000000.00');
      expect(loan).toMatchObject({
        status: 'ACTIVE',
        bankOrgId: 'bank-cq-a',
        borrowerUscc: '91350100M000100Y43',
        principal: '2000000.00',
        outstandingPrincipal: '2000000.00',
        interestPaid: '0.00',
        annualInterestRate: '0.0435',
        termMonths: 12,
        disbursedOn: today(),
        loanToValueLimit: '0.25',
        closedOn: null,
        repayments: [],
      });
      const [event] = await publishedEvents('LoanDisbursed', loan.id, 1);
      expect(event).toMatchObject({ producer: 'lending', actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' } });
      expect(event.payload).toEqual({
        loanId: loan.id,
        pledgeId: loan.pledgeId,
        bankOrgId: 'bank-cq-a',
        borrowerUscc: '91350100M000100Y43',
        borrowerName: '重庆示例科技有限公司',
        principal: '2000000.00',
        annualInterestRate: '0.0435',
        termMonths: 12,
        disbursedOn: today(),
        maturityDate: loan.maturityDate,
        districtCode: '500101',
        ipTypes: ['invention-patent'],
        loanToValueLimit: '0.25',
      });
      const transitions = await prisma.loanTransition.findMany({ where: { loanId: loan.id } });
      expect(transitions.map((t) => [t.fromStatus, t.toStatus, t.actorOrgId])).toEqual([[null, 'ACTIVE', 'bank-cq-a']]);
    });

    it('refuses a second loan on the same pledge, naming the first', async () => {
      const loan = await knownPledgeWithLoan();
      const response = await call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(loan.pledgeId, '1000.00'));
      expect(response.status).toBe(409);
      expect(response.body.error.message).toBe(`pledge ${loan.pledgeId} already secures loan ${loan.id} (ACTIVE)`);
    });

    it('lets exactly one of two simultaneous disbursements on one pledge through', async () => {
      const pledgeId = newPledgeId();
      await produce(submitted(pledgeId), registeredEvent(pledgeId), valued(pledgeId, '8000000.00'));
      await refusedOnceKnown(pledgeId, '2000000.01', 'loan-to-value limit');
      const attempts = await Promise.all(
        ['1000000.00', '1500000.00'].map((principal) => call<LoanResponse | ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, principal))),
      );
      expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409]);
      const [loan] = await loanRows(pledgeId);
      const refused = attempts.find((attempt) => attempt.status === 409)?.body as ErrorBody;
      expect(refused.error.message).toBe(`pledge ${pledgeId} already secures loan ${loan.id} (ACTIVE)`);
    });

    it('does not show one bank another bank’s pledge or loan; the bureau sees all', async () => {
      const loan = await knownPledgeWithLoan();
      expect((await call<ErrorBody>('POST', '/api/loans', BANK_B, disbursement(loan.pledgeId, '1000.00'))).status).toBe(404);
      expect((await call<ErrorBody>('GET', `/api/loans/${loan.id}`, BANK_B)).status).toBe(404);
      const repaidByB = await call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_B, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: today(),
      });
      expect(repaidByB.status).toBe(404);
      expect((await call<LoanResponse>('GET', `/api/loans/${loan.id}`, BUREAU)).body.id).toBe(loan.id);
      expect((await call<{ items: LoanResponse[] }>('GET', '/api/loans?limit=200', BANK_B)).body.items.map((item) => item.id)).not.toContain(loan.id);
      const byPledge = await call<{ items: LoanResponse[] }>('GET', `/api/loans?pledgeId=${loan.pledgeId}&status=ACTIVE`, BUREAU);
      expect(byPledge.body.items.map((item) => item.id)).toEqual([loan.id]);
    });

    it('refuses a disbursement dated in the future with 400, and a bureau with 403', async () => {
      const pledgeId = newPledgeId();
      const future = await call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1.00', { disbursedOn: '2999-01-01' }));
      expect(future.status).toBe(400);
      expect(future.body.error.details?.map((issue) => issue.field)).toEqual(['disbursedOn']);
      expect((await call<ErrorBody>('POST', '/api/loans', BUREAU, disbursement(pledgeId, '1.00'))).status).toBe(403);
    });
  });

  describe('pledge facts from events', () => {
    it('keeps the latest valuation, and the same event delivered twice changes nothing', async () => {
      const pledgeId = newPledgeId();
      const sameDay = daysFromToday(-3);
      const first = valued(pledgeId, '4000000.00', sameDay);
      const second = valued(pledgeId, '8000000.00', sameDay);
      const older = valued(pledgeId, '100.00', daysFromToday(-30));
      await produce(submitted(pledgeId), registeredEvent(pledgeId), first, second, older);
      await refusedOnceKnown(pledgeId, '2000000.01', 'appraised value 8000000.00');

      // Delivered again, the first valuation would win as "the later event of the same day".
      const [again] = await produce(first);
      await consumedPast(again);
      const facts = await prisma.lendingPledgeFacts.findUniqueOrThrow({ where: { pledgeId } });
      expect(facts.valuationId).toBe(second.payload.valuationId);
      expect(facts.appraisedValue?.toFixed(2)).toBe('8000000.00');
    });
  });

  describe('repaying', () => {
    it('refuses to repay more principal than is owed and leaves the loan unchanged', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const before = await prisma.loan.findUniqueOrThrow({ where: { id: loan.id } });
      const response = await call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '1000000.01',
        interestAmount: '0.00',
        repaidOn: today(),
      });
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({
        code: 'rule-violated',
        currentState: 'ACTIVE',
        message: `repayment of principal 1000000.01 exceeds the outstanding 1000000.00 of loan ${loan.id}`,
      });
      expect(await prisma.loan.findUniqueOrThrow({ where: { id: loan.id } })).toEqual(before);
      expect(await prisma.repayment.count({ where: { loanId: loan.id } })).toBe(0);
    });

    it('takes a partial then a final repayment, closes the loan at 0.00 and publishes LoanRepaid twice and LoanClosed', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const partial = await call<LoanResponse>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '333333.33',
        interestAmount: '3625.00',
        repaidOn: today(),
      });
      expect(partial.status).toBe(201);
      expect(partial.body).toMatchObject({ status: 'ACTIVE', outstandingPrincipal: '666666.67', interestPaid: '3625.00' });

      const final = await call<LoanResponse>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '666666.67',
        interestAmount: '2416.67',
        repaidOn: today(),
      });
      expect(final.status).toBe(201);
      expect(final.body).toMatchObject({ status: 'CLOSED', outstandingPrincipal: '0.00', interestPaid: '6041.67', closedOn: today() });
      expect(final.body.repayments.map((r) => [r.principalAmount, r.interestAmount, r.outstandingAfter])).toEqual([
        ['333333.33', '3625.00', '666666.67'],
        ['666666.67', '2416.67', '0.00'],
      ]);

      const repaid = await publishedEvents('LoanRepaid', loan.id, 2);
      expect(repaid.map((event) => event.payload.outstandingPrincipal)).toEqual(['666666.67', '0.00']);
      const [closed] = await publishedEvents('LoanClosed', loan.id, 1);
      expect(closed.payload).toEqual({ loanId: loan.id, pledgeId: loan.pledgeId, bankOrgId: 'bank-cq-a', closedOn: today() });
      const transitions = await prisma.loanTransition.findMany({ where: { loanId: loan.id }, orderBy: { id: 'asc' } });
      expect(transitions.map((t) => [t.fromStatus, t.toStatus])).toEqual([
        [null, 'ACTIVE'],
        ['ACTIVE', 'CLOSED'],
      ]);

      const afterClose = await call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '0.00',
        interestAmount: '10.00',
        repaidOn: today(),
      });
      expect(afterClose.status).toBe(409);
      expect(afterClose.body.error).toMatchObject({
        code: 'illegal-transition',
        currentState: 'CLOSED',
        message: `loan ${loan.id} is CLOSED; only an ACTIVE loan can be repaid`,
      });
    });

    it('lets only one of two simultaneous repayments that together overdraw through', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const attempts = await Promise.all(
        [1, 2].map(() =>
          call<LoanResponse | ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
            principalAmount: '600000.00',
            interestAmount: '0.00',
            repaidOn: today(),
          }),
        ),
      );
      expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409]);
      const row = await prisma.loan.findUniqueOrThrow({ where: { id: loan.id } });
      expect(row.outstandingPrincipal.toFixed(2)).toBe('400000.00');
      expect(await prisma.repayment.count({ where: { loanId: loan.id } })).toBe(1);
    });

    it('refuses a repayment dated before the disbursement with 400, and an unknown loan with 404', async () => {
      const loan = await knownPledgeWithLoan();
      const early = await call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: daysFromToday(-1),
      });
      expect(early.status).toBe(400);
      expect(early.body.error.details).toEqual([{ field: 'repaidOn', rule: `must not be before the loan was disbursed (${today()})` }]);
      const unknown = await call<ErrorBody>('POST', `/api/loans/ln_${'0'.repeat(32)}/repayments`, BANK_A, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: today(),
      });
      expect(unknown.status).toBe(404);
    });
  });
});
