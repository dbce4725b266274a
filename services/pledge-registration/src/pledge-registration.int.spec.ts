// pledge-registration in-process against a real PostgreSQL and Kafka: HTTP in, events out, and
// the loan events from lending that link, default, and release a pledge; the disposal of a
// defaulted loan's pledge (质物处置).
import { randomUUID } from 'node:crypto';
import {
  DeadLetterSchema,
  deadLetterTopicName,
  type DisposePledgeRequest,
  type ErrorBody,
  type EventEnvelope,
  type EventType,
  type PayloadOf,
  type PledgeHistoryResponse,
  type PledgeResponse,
  type SubmitPledgeApplicationRequest,
} from '@ipledger/contracts';
import { computePatentCheckDigit } from '@ipledger/identifiers';
import { addDays } from '@ipledger/calendar';
import { Clock, createServiceApp, loadConfig, newId, ServiceConfigSchema, todayInChina } from '@ipledger/service-kit';
import { pollUntil, serviceUnderTest, actingAs, testEnvelope } from '@ipledger/testing';
import { PledgeRegistrationModule } from './pledge-registration.module';
import { PrismaClient } from './database';

type Headers = Record<string, string>;
const BANK_A: Headers = actingAs({ orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' });
const BANK_B: Headers = actingAs({ orgId: 'bank-cq-b', role: 'bank' });
const BUREAU: Headers = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'registrar-7' });
const APPRAISER: Headers = actingAs({ orgId: 'appraiser-cq', role: 'appraiser' });
const OTHER_APPRAISER: Headers = actingAs({ orgId: 'appraiser-cq-other', role: 'appraiser' });

/**
 * A patent number of `kind` (1 invention, 2 utility model) no other test pledges: a right carries
 * one registered pledge at a time, so every registration needs rights of its own.
 */
let serial = Math.floor(Math.random() * 5_000_000);
function freshPatent(kind: '1' | '2'): string {
  serial += 1;
  const digits = `2026${kind}${String(serial).padStart(7, '0')}`;
  return `${digits}.${computePatentCheckDigit(digits)}`;
}

const application = (overrides: Partial<SubmitPledgeApplicationRequest> = {}): SubmitPledgeApplicationRequest => ({
  pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
  ipItems: [
    { ipType: 'invention-patent', number: freshPatent('1'), title: '一种数据处理方法' },
    { ipType: 'utility-model', number: freshPatent('2') },
  ],
  requestedLoanAmount: '1000000.00',
  termMonths: 12,
  districtCode: '500101',
  appraiserOrgId: 'appraiser-cq',
  ...overrides,
});

/** The server's today (Asia/Shanghai): the date the bureau's decisions carry. */
const chinaToday = () => todayInChina();

// Today in China, the calendar the service judges dates by (UTC's date differs from 16:00 UTC on).
const today = () => todayInChina();
const daysAgo = (days: number) => addDays(todayInChina(), -days);
const loanId = () => `ln_${randomUUID().replace(/-/g, '')}`;

describe('pledge-registration on a real broker and database', () => {
  const sut = serviceUnderTest(
    {
      service: 'pledge-registration',
      schema: 'pledge_registration',
      prismaClient: PrismaClient,
      consumer: 'pledge-registration',
      module: PledgeRegistrationModule,
    },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)), readTopics: ['pledge'] },
  );

  async function submitted(overrides: Partial<SubmitPledgeApplicationRequest> = {}): Promise<PledgeResponse> {
    const response = await sut.call<PledgeResponse>('POST', '/api/pledges', BANK_A, application(overrides));
    expect(response.status).toBe(201);
    return response.body;
  }

  async function registered(): Promise<PledgeResponse> {
    const pledge = await submitted();
    const response = await sut.call<PledgeResponse>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, {
      registrationNumber: `Y${Date.now()}`,
    });
    expect(response.status).toBe(200);
    return response.body;
  }

  function envelope<T extends EventType>(type: T, key: string, payload: PayloadOf<T>): EventEnvelope<T> {
    return testEnvelope(type, payload, {
      key,
      correlationId: `corr-${randomUUID()}`,
      producer: 'lending',
      actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' },
    });
  }

  const statusOfRow = (row: { status: string }) => row.status;

  const storedRow = (id: string) =>
    sut.prisma.pledgeApplication.findUniqueOrThrow({
      where: { id },
      include: { ipItems: { orderBy: { position: 'asc' } }, transitions: { orderBy: { id: 'asc' } } },
    });

  /** A registered pledge whose loan was disbursed (LoanDisbursed consumed). */
  async function securingALoan(): Promise<{ pledge: PledgeResponse; loan: string }> {
    const pledge = await registered();
    const loan = loanId();
    await sut.produce(
      envelope('LoanDisbursed', loan, {
        loanId: loan,
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        borrowerUscc: pledge.pledgor.uscc,
        borrowerName: pledge.pledgor.name,
        principal: '250000.00',
        annualInterestRate: '0.0435',
        termMonths: 12,
        disbursedOn: daysAgo(400),
        maturityDate: daysAgo(35),
        districtCode: '500101',
        ipTypes: ['invention-patent', 'utility-model'],
        loanToValueLimit: '0.15',
      }),
    );
    await pollUntil(async () => (await storedRow(pledge.id)).loanId === loan, { description: 'the pledge to show its loan' });
    return { pledge, loan };
  }

  const loanDefaulted = (pledge: PledgeResponse, loan: string, defaultedOn: string) =>
    envelope('LoanDefaulted', loan, {
      loanId: loan,
      pledgeId: pledge.id,
      bankOrgId: 'bank-cq-a',
      borrowerUscc: pledge.pledgor.uscc,
      defaultedOn,
      outstandingPrincipal: '250000.00',
      accruedInterest: '3120.55',
      districtCode: '500101',
    });

  /** A registered pledge whose loan was disbursed and then defaulted on `defaultedOn`. */
  async function ofADefaultedLoan(defaultedOn = daysAgo(20)): Promise<{ pledge: PledgeResponse; loan: string }> {
    const { pledge, loan } = await securingALoan();
    await sut.produce(loanDefaulted(pledge, loan, defaultedOn));
    await pollUntil(async () => (await storedRow(pledge.id)).loanDefaultedOn !== null, { description: 'the pledge to show the default' });
    return { pledge, loan };
  }

  /** Events of `type` about `key` the service wrote to its outbox (published or about to be). */
  async function outboxed(type: EventType, key: string): Promise<number> {
    const [row] = await sut.prisma.$queryRawUnsafe<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM pledge_registration.outbox WHERE type = $1 AND key = $2',
      type,
      key,
    );
    return row.n;
  }

  const disposal = (overrides: Partial<DisposePledgeRequest> = {}): DisposePledgeRequest => ({
    method: 'auction',
    grossProceeds: '300000.00',
    costs: '12000.00',
    disposedOn: today(),
    ...overrides,
  });

  const dispose = <T>(pledgeId: string, body: unknown, headers: Headers = BANK_A) =>
    sut.call<T>('POST', `/api/pledges/${pledgeId}/disposal`, headers, body);

  describe('submitting an application', () => {
    it('stores it as SUBMITTED for the acting bank and publishes PledgeApplicationSubmitted', async () => {
      const request = application({
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司', firmSize: 'small', industry: 'C' },
      });
      const pledge = await submitted(request);
      expect(pledge).toMatchObject({
        status: 'SUBMITTED',
        bankOrgId: 'bank-cq-a',
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司', firmSize: 'small', industry: 'C' },
        ipItems: [
          { ipType: 'invention-patent', number: request.ipItems[0].number, title: '一种数据处理方法' },
          { ipType: 'utility-model', number: request.ipItems[1].number, title: null },
        ],
        appraiserOrgId: 'appraiser-cq',
        submittedAt: pledge.receivedAt,
        requestedLoanAmount: '1000000.00',
        termMonths: 12,
        districtCode: '500101',
        registrationNumber: null,
        loanId: null,
      });
      const event = await sut.publishedEvent('PledgeApplicationSubmitted', pledge.id);
      expect(event).toMatchObject({
        producer: 'pledge-registration',
        actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' },
      });
      expect(event.payload).toEqual({
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        pledgor: pledge.pledgor,
        ipItems: pledge.ipItems,
        requestedLoanAmount: '1000000.00',
        termMonths: 12,
        districtCode: '500101',
        submittedAt: pledge.submittedAt,
        appraiserOrgId: 'appraiser-cq',
      });
      const row = await storedRow(pledge.id);
      expect(row.transitions.map((t) => [t.fromStatus, t.toStatus, t.actorOrgId, t.actorRole, t.actorUserId])).toEqual([
        [null, 'SUBMITTED', 'bank-cq-a', 'bank', 'loan-officer-1'],
      ]);
    });

    it('stores a granted patent under its application number', async () => {
      const pledge = await submitted({ ipItems: [{ ipType: 'invention-patent', number: 'ZL202110182616.5' }] });
      expect(pledge.ipItems).toEqual([{ ipType: 'invention-patent', number: '202110182616.5', title: null }]);
    });

    it('refuses wrong identifiers with 400 listing every field, and stores nothing', async () => {
      const before = await sut.prisma.pledgeApplication.count();
      const response = await sut.call<ErrorBody>(
        'POST',
        '/api/pledges',
        BANK_A,
        application({
          pledgor: { uscc: '91350100M000100Y44', name: '重庆示例科技有限公司' },
          ipItems: [{ ipType: 'invention-patent', number: '201910884346.4' }],
          districtCode: '110101',
        }),
      );
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation-failed');
      expect(response.body.error.details).toEqual([
        { field: 'pledgor.uscc', rule: 'check character should be 3' },
        { field: 'ipItems[0].number', rule: 'check digit should be 5' },
        { field: 'districtCode', rule: 'division code 110101 is not in Chongqing (codes start with 50)' },
      ]);
      expect(await sut.prisma.pledgeApplication.count()).toBe(before);
    });

    it('refuses a malformed body with 400 naming the fields', async () => {
      const response = await sut.call<ErrorBody>('POST', '/api/pledges', BANK_A, {
        ...application(),
        requestedLoanAmount: 1000000,
        extra: true,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details?.map((issue) => issue.field).sort()).toEqual(['extra', 'requestedLoanAmount']);
    });

    it('refuses a request without a bearer token with 401 and stores nothing', async () => {
      const before = await sut.prisma.pledgeApplication.count();
      const response = await sut.call<ErrorBody>('POST', '/api/pledges', { 'content-type': 'application/json' }, application());
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthenticated');
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="ipledger"');
      expect(await sut.prisma.pledgeApplication.count()).toBe(before);
    });

    it('refuses a role other than bank with 403', async () => {
      const response = await sut.call<ErrorBody>('POST', '/api/pledges', APPRAISER, application());
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    });
  });

  describe('registering a pledge', () => {
    it('moves it to REGISTERED with the registrar’s number and publishes PledgeRegistered', async () => {
      const pledge = await submitted();
      const response = await sut.call<PledgeResponse>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, {
        registrationNumber: 'Y2026500000815',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: pledge.id,
        status: 'REGISTERED',
        registrationNumber: 'Y2026500000815',
        registrationDate: chinaToday(),
        registrationVersion: 1,
      });
      const event = await sut.publishedEvent('PledgeRegistered', pledge.id);
      expect(event.payload).toEqual({
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        registrationNumber: 'Y2026500000815',
        registrationDate: chinaToday(),
      });
      expect(event.actor).toEqual({ orgId: 'bureau-cq', role: 'bureau', userId: 'registrar-7' });
    });

    it('refuses a second registration with 409 naming the state, and leaves the row as it was', async () => {
      const pledge = await registered();
      const before = await storedRow(pledge.id);
      const response = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, {
        registrationNumber: 'Y-OTHER',
      });
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({
        code: 'illegal-transition',
        currentState: 'REGISTERED',
        message: `pledge ${pledge.id} is REGISTERED; only a SUBMITTED pledge can be registered`,
      });
      expect(await storedRow(pledge.id)).toEqual(before);
    });

    it('lets exactly one of two simultaneous registrations win', async () => {
      const pledge = await submitted();
      const attempts = await Promise.all(
        ['Y-FIRST', 'Y-SECOND'].map((registrationNumber) =>
          sut.call<PledgeResponse | ErrorBody>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, { registrationNumber }),
        ),
      );
      expect(attempts.map((attempt) => attempt.status).sort()).toEqual([200, 409]);
      const loser = attempts.find((attempt) => attempt.status === 409)?.body as ErrorBody;
      expect(loser.error).toMatchObject({ code: 'illegal-transition', currentState: 'REGISTERED' });
      const row = await storedRow(pledge.id);
      expect(row.version).toBe(2);
      expect(row.transitions.map((t) => t.toStatus)).toEqual(['SUBMITTED', 'REGISTERED']);
    });

    it('dates the registration itself: a registrationDate from the caller is refused with 400 on the field', async () => {
      const pledge = await submitted();
      const response = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, {
        registrationNumber: 'Y1',
        registrationDate: '2025-01-01',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details?.map((issue) => issue.field)).toEqual(['registrationDate']);
      expect(statusOfRow(await storedRow(pledge.id))).toBe('SUBMITTED');
    });

    it('answers 404 for an unknown pledge and 403 for a bank', async () => {
      const unknown = `pl_${'0'.repeat(32)}`;
      const body = { registrationNumber: 'Y1' };
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${unknown}/registration`, BUREAU, body)).status).toBe(404);
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${unknown}/registration`, BANK_A, body)).status).toBe(403);
    });
  });

  describe('reading pledges', () => {
    it('shows a bank its own pledges only, an appraiser only those that name it; the bureau sees all', async () => {
      const pledge = await submitted();
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BANK_A)).body.id).toBe(pledge.id);
      expect((await sut.call<ErrorBody>('GET', `/api/pledges/${pledge.id}`, BANK_B)).status).toBe(404);
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BUREAU)).status).toBe(200);
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, APPRAISER)).status).toBe(200);
      const other = await sut.call<ErrorBody>('GET', `/api/pledges/${pledge.id}`, OTHER_APPRAISER);
      expect(other.status).toBe(404);
      expect(other.body.error.message).toBe(`pledge application ${pledge.id} was not found`);
      expect((await sut.call<ErrorBody>('GET', `/api/pledges/${pledge.id}/history`, OTHER_APPRAISER)).status).toBe(404);

      const ofBankB = await sut.call<{ items: PledgeResponse[] }>('GET', '/api/pledges', BANK_B);
      expect(ofBankB.body.items.map((item) => item.id)).not.toContain(pledge.id);
      const ofBureau = await sut.call<{ items: PledgeResponse[] }>('GET', '/api/pledges?status=SUBMITTED&limit=200', BUREAU);
      expect(ofBureau.body.items.map((item) => item.id)).toContain(pledge.id);
      expect(ofBureau.body.items.every((item) => item.status === 'SUBMITTED')).toBe(true);
    });

    it('answers 404 for an unknown id and 400 for a bad query', async () => {
      expect((await sut.call<ErrorBody>('GET', `/api/pledges/pl_${'f'.repeat(32)}`, BUREAU)).status).toBe(404);
      const bad = await sut.call<ErrorBody>('GET', '/api/pledges?status=LOST&limit=0', BUREAU);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details?.map((issue) => issue.field).sort()).toEqual(['query.limit', 'query.status']);
    });
  });

  describe('when its loan moves', () => {
    it('shows the loan once disbursed, releases the pledge when the loan closes, and ignores the same event twice', async () => {
      const pledge = await registered();
      const loan = loanId();
      const disbursed = envelope('LoanDisbursed', loan, {
        loanId: loan,
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        borrowerUscc: pledge.pledgor.uscc,
        borrowerName: pledge.pledgor.name,
        principal: '250000.00',
        annualInterestRate: '0.0435',
        termMonths: 12,
        disbursedOn: today(),
        maturityDate: '2099-01-01',
        districtCode: '500101',
        ipTypes: ['invention-patent', 'utility-model'],
        loanToValueLimit: '0.15',
      });
      await sut.produce(disbursed);
      await pollUntil(async () => (await storedRow(pledge.id)).loanId === loan, { description: 'the pledge to show its loan' });
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BANK_A)).body).toMatchObject({
        status: 'REGISTERED',
        loanId: loan,
      });

      const closed = envelope('LoanClosed', loan, {
        loanId: loan,
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        closedOn: today(),
        reason: 'repaid',
      });
      await sut.produce(closed);
      const released = await sut.publishedEvent('PledgeReleased', pledge.id);
      expect(released).toMatchObject({
        producer: 'pledge-registration',
        correlationId: closed.correlationId,
        causationId: closed.eventId,
        actor: { orgId: 'ipledger-pledge-registration', role: 'system', userId: null },
        payload: { pledgeId: pledge.id, bankOrgId: 'bank-cq-a', loanId: loan, releasedOn: today(), reason: 'loan-closed' },
      });
      const row = await storedRow(pledge.id);
      expect(row).toMatchObject({ status: 'RELEASED', loanId: loan });
      expect(row.transitions.at(-1)).toMatchObject({
        fromStatus: 'REGISTERED',
        toStatus: 'RELEASED',
        actorOrgId: 'ipledger-pledge-registration',
        actorRole: 'system',
        actorUserId: null,
        causationId: closed.eventId,
      });

      const [position] = await sut.produce(closed);
      await sut.consumedPast(position);
      expect(await storedRow(pledge.id)).toEqual(row);
      expect(sut.published.filter((event) => event.type === 'PledgeReleased' && event.key === pledge.id)).toHaveLength(1);

      const registerReleased = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, {
        registrationNumber: 'Y1',
      });
      expect(registerReleased.status).toBe(409);
      expect(registerReleased.body.error.currentState).toBe('RELEASED');
    });
  });

  describe('when its loan defaults', () => {
    it('shows the default date, and the same default delivered twice changes nothing', async () => {
      const { pledge, loan } = await securingALoan();
      const defaulted = loanDefaulted(pledge, loan, daysAgo(20));
      await sut.produce(defaulted);
      await pollUntil(async () => (await storedRow(pledge.id)).loanDefaultedOn !== null, { description: 'the pledge to show the default' });
      const row = await storedRow(pledge.id);
      expect(row).toMatchObject({ status: 'REGISTERED', loanId: loan });
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BANK_A)).body).toMatchObject({
        status: 'REGISTERED',
        loanId: loan,
        loanDefaultedOn: daysAgo(20),
        disposal: null,
      });

      // The same event again (skipped by the inbox), and the same default under a new event id.
      const [again] = await sut.produce(defaulted);
      await sut.consumedPast(again);
      const [reported] = await sut.produce({ ...defaulted, eventId: randomUUID() });
      await sut.consumedPast(reported);
      expect(await storedRow(pledge.id)).toEqual(row);
      expect(row.transitions.map((t) => t.toStatus)).toEqual(['SUBMITTED', 'REGISTERED']);
    });

    it('dead-letters the default of an unknown pledge with the reason', async () => {
      const deadLetters = await sut.readTopic(deadLetterTopicName('pledge-registration', sut.prefix), (value) =>
        DeadLetterSchema.parse(JSON.parse(value)),
      );
      const unknown = `pl_${'e'.repeat(32)}`;
      const loan = loanId();
      const defaulted = loanDefaulted({ ...(await submitted()), id: unknown }, loan, daysAgo(3));
      await sut.produce(defaulted);
      const deadLetter = await pollUntil(
        () => deadLetters.find((letter) => JSON.parse(letter.originalValue).eventId === defaulted.eventId),
        {
          description: 'the default of an unknown pledge in the dead-letter topic',
        },
      );
      expect(deadLetter).toMatchObject({ reason: 'handler-failed', originalKey: loan });
      expect(deadLetter.error).toContain(`LoanDefaulted ${defaulted.eventId}: pledge ${unknown} is unknown here`);
    });
  });

  describe('disposing of the pledged IP (质物处置)', () => {
    it('moves a pledge of a defaulted loan to DISPOSED, publishes PledgeDisposed with the net, and refuses a second disposal', async () => {
      const { pledge, loan } = await ofADefaultedLoan();
      const headers = { ...BANK_A, 'idempotency-key': `dispose-${randomUUID()}` };
      const response = await dispose<PledgeResponse>(pledge.id, disposal(), headers);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: pledge.id,
        status: 'DISPOSED',
        loanId: loan,
        loanDefaultedOn: daysAgo(20),
        releasedOn: null,
        disposal: { method: 'auction', grossProceeds: '300000.00', costs: '12000.00', netProceeds: '288000.00', disposedOn: today() },
      });

      const event = await sut.publishedEvent('PledgeDisposed', pledge.id);
      expect(event).toMatchObject({
        producer: 'pledge-registration',
        actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' },
      });
      expect(event.payload).toEqual({
        pledgeId: pledge.id,
        loanId: loan,
        bankOrgId: 'bank-cq-a',
        method: 'auction',
        grossProceeds: '300000.00',
        costs: '12000.00',
        netProceeds: '288000.00',
        disposedOn: today(),
      });

      const row = await storedRow(pledge.id);
      expect(row).toMatchObject({ status: 'DISPOSED', disposalMethod: 'auction' });
      expect(row.transitions.at(-1)).toMatchObject({
        fromStatus: 'REGISTERED',
        toStatus: 'DISPOSED',
        actorOrgId: 'bank-cq-a',
        actorRole: 'bank',
        actorUserId: 'loan-officer-1',
      });

      // A retry with the same Idempotency-Key answers the first result and disposes of nothing more.
      const retried = await dispose<PledgeResponse>(pledge.id, disposal(), headers);
      expect(retried.status).toBe(200);
      expect(retried.headers.get('idempotent-replay')).toBe('true');
      expect(retried.body).toEqual(response.body);

      const second = await dispose<ErrorBody>(pledge.id, disposal({ method: 'transfer' }));
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({
        code: 'illegal-transition',
        currentState: 'DISPOSED',
        message: `pledge ${pledge.id} is DISPOSED; only a REGISTERED pledge can be disposed of`,
      });
      expect(await storedRow(pledge.id)).toEqual(row);
      expect(await outboxed('PledgeDisposed', pledge.id)).toBe(1);
    });

    it('nets the proceeds to 0.00 when the costs exceed them, and accepts a write-off of nothing', async () => {
      const licensed = await ofADefaultedLoan();
      const response = await dispose<PledgeResponse>(
        licensed.pledge.id,
        disposal({ method: 'licensing', grossProceeds: '5000.00', costs: '7500.50' }),
      );
      expect(response.status).toBe(200);
      expect(response.body.disposal).toEqual({
        method: 'licensing',
        grossProceeds: '5000.00',
        costs: '7500.50',
        netProceeds: '0.00',
        disposedOn: today(),
      });
      expect((await sut.publishedEvent('PledgeDisposed', licensed.pledge.id)).payload).toMatchObject({ netProceeds: '0.00' });

      const writtenOff = await ofADefaultedLoan();
      const writeOff = await dispose<PledgeResponse>(
        writtenOff.pledge.id,
        disposal({ method: 'write-off', grossProceeds: '0.00', costs: '0.00', disposedOn: daysAgo(20) }),
      );
      expect(writeOff.status).toBe(200);
      expect(writeOff.body).toMatchObject({
        status: 'DISPOSED',
        disposal: { method: 'write-off', netProceeds: '0.00', disposedOn: daysAgo(20) },
      });
    });

    it('refuses a disposal before the loan defaulted with 409 naming the rule, and changes nothing', async () => {
      const { pledge } = await securingALoan();
      const before = await storedRow(pledge.id);
      const response = await dispose<ErrorBody>(pledge.id, disposal());
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('rule-violated');
      expect(response.body.error.currentState).toBe('REGISTERED');
      expect(response.body.error.message).toContain("disposal is allowed only after the pledge's loan has defaulted");
      expect(await storedRow(pledge.id)).toEqual(before);

      const unregistered = await submitted();
      const refused = await dispose<ErrorBody>(unregistered.id, disposal());
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'SUBMITTED' });
      expect(await outboxed('PledgeDisposed', pledge.id)).toBe(0);
      expect(await outboxed('PledgeDisposed', unregistered.id)).toBe(0);
    });

    it('answers 404 to another bank and for an unknown pledge, and 403 to the bureau', async () => {
      const { pledge } = await ofADefaultedLoan();
      const before = await storedRow(pledge.id);
      const ofAnotherBank = await dispose<ErrorBody>(pledge.id, disposal(), BANK_B);
      expect(ofAnotherBank.status).toBe(404);
      expect(ofAnotherBank.body.error.code).toBe('not-found');
      expect((await dispose<ErrorBody>(`pl_${'0'.repeat(32)}`, disposal())).status).toBe(404);
      expect((await dispose<ErrorBody>(pledge.id, disposal(), BUREAU)).status).toBe(403);
      expect(await storedRow(pledge.id)).toEqual(before);
    });

    it('refuses a malformed body with 400 naming each field', async () => {
      const { pledge } = await ofADefaultedLoan();
      const response = await dispose<ErrorBody>(pledge.id, {
        method: 'sale',
        grossProceeds: 300000,
        costs: '-1.00',
        disposedOn: '23/11/2026',
        extra: 1,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation-failed');
      expect(response.body.error.details?.map((issue) => issue.field).sort()).toEqual([
        'costs',
        'disposedOn',
        'extra',
        'grossProceeds',
        'method',
      ]);
      const empty = await dispose<ErrorBody>(pledge.id, {});
      expect(empty.body.error.details?.map((issue) => issue.field).sort()).toEqual(['costs', 'disposedOn', 'grossProceeds', 'method']);
      expect((await storedRow(pledge.id)).status).toBe('REGISTERED');
    });

    it('refuses a write-off with proceeds, a date in the future or before the default with 400 on the field', async () => {
      const { pledge } = await ofADefaultedLoan(daysAgo(20));
      const before = await storedRow(pledge.id);
      const writeOff = await dispose<ErrorBody>(pledge.id, disposal({ method: 'write-off', grossProceeds: '10.00' }));
      expect(writeOff.status).toBe(400);
      expect(writeOff.body.error.details).toEqual([
        { field: 'grossProceeds', rule: 'must be 0.00 for a write-off (nothing was received), got 10.00' },
      ]);

      const future = await dispose<ErrorBody>(pledge.id, disposal({ disposedOn: '2999-01-01' }));
      expect(future.status).toBe(400);
      expect(future.body.error.details?.map((issue) => issue.field)).toEqual(['disposedOn']);

      const early = await dispose<ErrorBody>(pledge.id, disposal({ disposedOn: daysAgo(21) }));
      expect(early.status).toBe(400);
      expect(early.body.error.details).toEqual([{ field: 'disposedOn', rule: `must not be before the loan defaulted (${daysAgo(20)})` }]);
      expect(await storedRow(pledge.id)).toEqual(before);
    });

    it('keeps a DISPOSED pledge DISPOSED when its loan closes with the recovery settled', async () => {
      const { pledge, loan } = await ofADefaultedLoan();
      expect((await dispose<PledgeResponse>(pledge.id, disposal())).status).toBe(200);
      const row = await storedRow(pledge.id);
      const [position] = await sut.produce(
        envelope('LoanClosed', loan, {
          loanId: loan,
          pledgeId: pledge.id,
          bankOrgId: 'bank-cq-a',
          closedOn: today(),
          reason: 'recovery-settled',
        }),
      );
      await sut.consumedPast(position);
      expect(await storedRow(pledge.id)).toEqual(row);
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BANK_A)).body.status).toBe('DISPOSED');
      expect(await outboxed('PledgeReleased', pledge.id)).toBe(0);
    });
  });

  // ── the register of pledged rights ─────────────────────────────────────────

  const register = <T>(pledgeId: string, registrationNumber: string) =>
    sut.call<T>('POST', `/api/pledges/${pledgeId}/registration`, BUREAU, { registrationNumber });

  /** The register's rows of one right, oldest first. */
  const rowsOfRight = (ipType: string, number: string) =>
    sut.prisma.pledgedRight.findMany({ where: { ipType, number }, orderBy: { id: 'asc' } });

  describe('the register of pledged rights (a right carries one registered pledge at a time)', () => {
    it('refuses to register a right another registered pledge holds with 409 right-already-pledged, naming the field and the registration', async () => {
      const shared = { ipType: 'invention-patent' as const, number: freshPatent('1') };
      const first = await submitted({ ipItems: [shared] });
      const second = await submitted({ ipItems: [{ ipType: 'utility-model', number: freshPatent('2') }, shared] });
      expect((await register<PledgeResponse>(first.id, 'Y2026500000901')).status).toBe(200);

      const refused = await register<ErrorBody>(second.id, 'Y2026500000902');
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'right-already-pledged', currentState: 'SUBMITTED' });
      expect(refused.body.error.message).toContain('Y2026500000901');
      expect(refused.body.error.details).toEqual([
        {
          field: 'ipItems[1].number',
          rule: expect.stringContaining(`invention-patent ${shared.number} is under registered pledge Y2026500000901`),
        },
      ]);
      // Nothing of the refused registration stays: not its state, not its other right, no event.
      expect((await storedRow(second.id)).status).toBe('SUBMITTED');
      expect(await sut.prisma.pledgedRight.count({ where: { pledgeId: second.id } })).toBe(0);
      expect(await outboxed('PledgeRegistered', second.id)).toBe(0);

      // The bureau refuses it (不予登记) for that reason; REFUSED is final.
      const refusal = await sut.call<PledgeResponse>('POST', `/api/pledges/${second.id}/refusal`, BUREAU, {
        reason: 'right-already-pledged',
        note: '该专利权已质押登记（Y2026500000901）',
      });
      expect(refusal.status).toBe(200);
      expect(refusal.body).toMatchObject({
        status: 'REFUSED',
        refusal: { reason: 'right-already-pledged', note: '该专利权已质押登记（Y2026500000901）' },
        decisionDeadline: null,
      });
      const event = await sut.publishedEvent('PledgeApplicationRefused', second.id);
      expect(event.payload).toEqual({
        pledgeId: second.id,
        bankOrgId: 'bank-cq-a',
        reason: 'right-already-pledged',
        note: '该专利权已质押登记（Y2026500000901）',
        refusedOn: chinaToday(),
      });
      expect(event.actor).toEqual({ orgId: 'bureau-cq', role: 'bureau', userId: 'registrar-7' });
      const again = await register<ErrorBody>(second.id, 'Y2026500000903');
      expect(again.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'REFUSED' });
    });

    it('holds a geographical indication and the trademark it is registered as to one registered pledge', async () => {
      // A geographical indication is pledged as its collective or certification mark: the same right.
      const number = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
      const asIndication = await submitted({ ipItems: [{ ipType: 'geographical-indication', number }] });
      expect((await register<PledgeResponse>(asIndication.id, 'Y2026500000921')).status).toBe(200);
      expect(await rowsOfRight('trademark', number)).toHaveLength(1);

      const asMark = await sut.call<ErrorBody>('POST', '/api/pledges', BANK_A, application({ ipItems: [{ ipType: 'trademark', number }] }));
      expect(asMark.status).toBe(409);
      expect(asMark.body.error).toMatchObject({ code: 'right-already-pledged' });
      expect(asMark.body.error.details).toEqual([
        { field: 'ipItems[0].number', rule: expect.stringContaining(`trademark ${number} is under registered pledge Y2026500000921`) },
      ]);
    });

    it('refuses a submission of a registered right with the same code, and accepts several live applications of a free one', async () => {
      const shared = { ipType: 'invention-patent' as const, number: freshPatent('1') };
      const one = await submitted({ ipItems: [shared] });
      const two = await submitted({ ipItems: [shared] }); // both live: only one can ever be registered
      expect(two.status).toBe('SUBMITTED');
      expect((await register<PledgeResponse>(one.id, 'Y2026500000911')).status).toBe(200);

      const before = await sut.prisma.pledgeApplication.count();
      const response = await sut.call<ErrorBody>(
        'POST',
        '/api/pledges',
        BANK_B,
        application({ ipItems: [{ ...shared, number: `ZL${shared.number}` }] }),
      );
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('right-already-pledged');
      expect(response.body.error.details?.[0]).toMatchObject({
        field: 'ipItems[0].number',
        rule: expect.stringContaining('Y2026500000911'),
      });
      expect(await sut.prisma.pledgeApplication.count()).toBe(before);
    });

    it('lets exactly one of two simultaneous registrations of one right win, every time', async () => {
      for (let round = 0; round < 5; round += 1) {
        const shared = { ipType: 'invention-patent' as const, number: freshPatent('1') };
        // Each also has a right of its own, in an order that would deadlock without the fixed locking order.
        const a = await submitted({ ipItems: [shared, { ipType: 'utility-model', number: freshPatent('2') }] });
        const b = await submitted({ ipItems: [{ ipType: 'utility-model', number: freshPatent('2') }, shared] });
        const attempts = await Promise.all([
          register<PledgeResponse | ErrorBody>(a.id, `Y-RACE-A-${round}`),
          register<PledgeResponse | ErrorBody>(b.id, `Y-RACE-B-${round}`),
        ]);
        expect(attempts.map((attempt) => attempt.status).sort()).toEqual([200, 409]);
        const loser = attempts.find((attempt) => attempt.status === 409)?.body as ErrorBody;
        expect(loser.error.code).toBe('right-already-pledged');
        const live = (await rowsOfRight(shared.ipType, shared.number)).filter((row) => row.freedOn === null);
        expect(live).toHaveLength(1);
        const statuses = [(await storedRow(a.id)).status, (await storedRow(b.id)).status].sort();
        expect(statuses).toEqual(['REGISTERED', 'SUBMITTED']);
      }
    });

    it("frees the right when the bank has the pledge released (注销登记), keeping the register's history", async () => {
      const pledge = await registered();
      const right = pledge.ipItems[0];
      const response = await sut.call<PledgeResponse>('POST', `/api/pledges/${pledge.id}/release`, BANK_A, {
        note: '借款未发放，申请注销',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'RELEASED', releasedOn: chinaToday(), loanId: null });
      const event = await sut.publishedEvent('PledgeReleased', pledge.id);
      expect(event.payload).toEqual({ pledgeId: pledge.id, bankOrgId: 'bank-cq-a', releasedOn: chinaToday(), reason: 'bank-request' });
      expect(event.actor).toEqual({ orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' });

      const again = await submitted({ ipItems: [{ ipType: right.ipType, number: right.number }] });
      expect((await register<PledgeResponse>(again.id, 'Y2026500000921')).status).toBe(200);
      expect((await rowsOfRight(right.ipType, right.number)).map((row) => [row.pledgeId, row.freedBy])).toEqual([
        [pledge.id, 'released'],
        [again.id, null],
      ]);
    });

    it("refuses the bank's release of a pledge that secures a loan, and of another bank's pledge", async () => {
      const { pledge, loan } = await securingALoan();
      const response = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/release`, BANK_A, {});
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({
        code: 'rule-violated',
        currentState: 'REGISTERED',
        message: expect.stringContaining(`secures loan ${loan}`),
      });
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/release`, BANK_B, {})).status).toBe(404);
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/release`, BUREAU, {})).status).toBe(403);
      expect((await storedRow(pledge.id)).status).toBe('REGISTERED');
    });

    it('frees the rights when the loan closes and when the pledged IP is disposed of', async () => {
      const { pledge: repaid, loan } = await securingALoan();
      await sut.produce(
        envelope('LoanClosed', loan, { loanId: loan, pledgeId: repaid.id, bankOrgId: 'bank-cq-a', closedOn: today(), reason: 'repaid' }),
      );
      await pollUntil(async () => (await storedRow(repaid.id)).status === 'RELEASED', { description: 'the pledge to be released' });
      expect((await sut.prisma.pledgedRight.findMany({ where: { pledgeId: repaid.id } })).map((row) => row.freedBy)).toEqual([
        'released',
        'released',
      ]);

      const { pledge: defaulted } = await ofADefaultedLoan();
      expect((await dispose<PledgeResponse>(defaulted.id, disposal())).status).toBe(200);
      const rows = await sut.prisma.pledgedRight.findMany({ where: { pledgeId: defaulted.id } });
      expect(rows.map((row) => [row.freedBy, row.freedOn?.toISOString().slice(0, 10)])).toEqual([
        ['disposed', today()],
        ['disposed', today()],
      ]);
    });
  });

  describe("the pledge's appraiser", () => {
    it('is named by the bank: the new one sees the pledge, the old one no longer does, and valuation hears of it', async () => {
      const pledge = await submitted();
      const assign = (body: unknown, headers: Headers = BANK_A) =>
        sut.call<PledgeResponse & ErrorBody>('POST', `/api/pledges/${pledge.id}/appraiser`, headers, body);
      const response = await assign({ appraiserOrgId: 'appraiser-cq-other' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ appraiserOrgId: 'appraiser-cq-other', status: 'SUBMITTED' });
      const event = await sut.publishedEvent('PledgeAppraiserAssigned', pledge.id);
      expect(event.payload).toEqual({
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        appraiserOrgId: 'appraiser-cq-other',
        assignedOn: chinaToday(),
      });
      expect((await sut.call('GET', `/api/pledges/${pledge.id}`, OTHER_APPRAISER)).status).toBe(200);
      expect((await sut.call('GET', `/api/pledges/${pledge.id}`, APPRAISER)).status).toBe(404);

      // The same appraiser again changes nothing; another bank and the bureau may not name one.
      const versionBefore = (await storedRow(pledge.id)).version;
      expect((await assign({ appraiserOrgId: 'appraiser-cq-other' })).status).toBe(200);
      expect((await storedRow(pledge.id)).version).toBe(versionBefore);
      expect(await outboxed('PledgeAppraiserAssigned', pledge.id)).toBe(1);
      expect((await assign({ appraiserOrgId: 'appraiser-cq' }, BANK_B)).status).toBe(404);
      expect((await assign({ appraiserOrgId: 'appraiser-cq' }, BUREAU)).status).toBe(403);
      expect((await assign({ appraiserOrgId: 'Not An Org' })).body.error.details?.map((issue) => issue.field)).toEqual(['appraiserOrgId']);
      const history = (await sut.call<PledgeHistoryResponse>('GET', `/api/pledges/${pledge.id}/history`, BANK_A)).body;
      expect(history.steps.at(-1)).toMatchObject({ step: 'assign-appraiser', details: { from: 'appraiser-cq', to: 'appraiser-cq-other' } });
    });

    it('cannot be changed once the pledge is final', async () => {
      const pledge = await registered();
      await sut.call('POST', `/api/pledges/${pledge.id}/release`, BANK_A, {});
      const response = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/appraiser`, BANK_A, {
        appraiserOrgId: 'appraiser-cq-other',
      });
      expect(response.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'RELEASED' });
    });
  });

  // ── the registration lifecycle (专利权质押登记办法) ─────────────────────────

  describe('the registration lifecycle', () => {
    const history = async (pledgeId: string, headers: Headers = BUREAU) =>
      (await sut.call<PledgeHistoryResponse>('GET', `/api/pledges/${pledgeId}/history`, headers)).body;

    it('returns an application for correction (补正), takes it back corrected, and keeps the first receipt', async () => {
      const pledge = await submitted();
      const reasons = [{ field: 'pledgor.name', message: '出质人名称与专利登记簿不一致' }, { message: '缺少质押合同' }];
      const returned = await sut.call<PledgeResponse>('POST', `/api/pledges/${pledge.id}/return`, BUREAU, { reasons });
      expect(returned.status).toBe(200);
      expect(returned.body).toMatchObject({
        status: 'RETURNED',
        correctionReasons: [
          { field: 'pledgor.name', message: '出质人名称与专利登记簿不一致' },
          { field: null, message: '缺少质押合同' },
        ],
        decisionDeadline: null,
      });
      const returnedEvent = await sut.publishedEvent('PledgeApplicationReturned', pledge.id);
      expect(returnedEvent.payload).toEqual({
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        reasons: returned.body.correctionReasons,
        returnedOn: chinaToday(),
      });
      expect((await register<ErrorBody>(pledge.id, 'Y1')).body.error).toMatchObject({
        code: 'illegal-transition',
        currentState: 'RETURNED',
      });

      const corrected = application({
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技股份有限公司' },
        requestedLoanAmount: '900000.00',
      });
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/resubmission`, BANK_B, corrected)).status).toBe(404);
      const invalid = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/resubmission`, BANK_A, {
        ...corrected,
        districtCode: '110101',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.details?.map((issue) => issue.field)).toEqual(['districtCode']);

      const resubmitted = await sut.call<PledgeResponse>('POST', `/api/pledges/${pledge.id}/resubmission`, BANK_A, corrected);
      expect(resubmitted.status).toBe(200);
      expect(resubmitted.body).toMatchObject({
        status: 'SUBMITTED',
        pledgor: { name: '重庆示例科技股份有限公司' },
        requestedLoanAmount: '900000.00',
        ipItems: corrected.ipItems.map((item) => ({ ...item, title: item.title ?? null })),
        submittedAt: pledge.submittedAt,
        correctionReasons: null,
      });
      expect(resubmitted.body.receivedAt > pledge.receivedAt).toBe(true);
      const event = await sut.publishedEvent('PledgeApplicationResubmitted', pledge.id);
      expect(event.payload).toMatchObject({
        pledgeId: pledge.id,
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技股份有限公司' },
        requestedLoanAmount: '900000.00',
        appraiserOrgId: 'appraiser-cq',
        firstSubmittedAt: pledge.submittedAt,
        resubmittedAt: resubmitted.body.receivedAt,
      });
      const twice = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/resubmission`, BANK_A, corrected);
      expect(twice.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'SUBMITTED' });

      const steps = (await history(pledge.id, BANK_A)).steps;
      expect(steps.map((step) => [step.step, step.fromStatus, step.toStatus, step.actor.orgId, step.onDate])).toEqual([
        ['submit', null, 'SUBMITTED', 'bank-cq-a', chinaToday()],
        ['return', 'SUBMITTED', 'RETURNED', 'bureau-cq', chinaToday()],
        ['resubmit', 'RETURNED', 'SUBMITTED', 'bank-cq-a', chinaToday()],
      ]);
      expect(steps[1].details).toEqual({ reasons: returned.body.correctionReasons });
    });

    it('refuses an empty list of reasons, an unknown refusal reason, and decisions by a bank', async () => {
      const pledge = await submitted();
      const empty = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/return`, BUREAU, { reasons: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.error.details).toEqual([{ field: 'reasons', rule: 'must give at least one reason' }]);
      const unknown = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/refusal`, BUREAU, { reason: 'not-liked', note: 'x' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details?.map((issue) => issue.field)).toEqual(['reason']);
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/refusal`, BANK_A, { reason: 'other', note: 'x' })).status).toBe(
        403,
      );
      expect((await storedRow(pledge.id)).status).toBe('SUBMITTED');
    });

    it('changes a registration (变更登记) as a new version on the server date, keeping every version', async () => {
      const pledge = await registered();
      const change = await sut.call<PledgeResponse>('POST', `/api/pledges/${pledge.id}/registration-changes`, BUREAU, {
        securedAmount: '800000.00',
        termMonths: 18,
        note: '主债权变更',
      });
      expect(change.status).toBe(200);
      expect(change.body).toMatchObject({ status: 'REGISTERED', registrationVersion: 2, requestedLoanAmount: '800000.00', termMonths: 18 });
      const event = await sut.publishedEvent('PledgeRegistrationChanged', pledge.id);
      expect(event.payload).toEqual({
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        registrationNumber: pledge.registrationNumber,
        registrationVersion: 2,
        securedAmount: '800000.00',
        termMonths: 18,
        pledgorName: '重庆示例科技有限公司',
        changedOn: chinaToday(),
        note: '主债权变更',
      });

      const nothing = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/registration-changes`, BUREAU, { termMonths: 18 });
      expect(nothing.status).toBe(400);
      expect(nothing.body.error.details?.[0].rule).toContain('changes nothing');
      const empty = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/registration-changes`, BUREAU, { note: 'x' });
      expect(empty.status).toBe(400);

      const { registrations, steps } = await history(pledge.id);
      expect(
        registrations.map((version) => [version.version, version.securedAmount, version.termMonths, version.effectiveOn, version.note]),
      ).toEqual([
        [1, '1000000.00', 12, chinaToday(), null],
        [2, '800000.00', 18, chinaToday(), '主债权变更'],
      ]);
      expect(steps.map((step) => step.step)).toEqual(['submit', 'register', 'change']);
      expect(steps[2].details).toMatchObject({
        version: 2,
        from: { securedAmount: '1000000.00', termMonths: 12 },
        to: { securedAmount: '800000.00', termMonths: 18 },
      });

      const unregistered = await submitted();
      const refused = await sut.call<ErrorBody>('POST', `/api/pledges/${unregistered.id}/registration-changes`, BUREAU, { termMonths: 6 });
      expect(refused.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'SUBMITTED' });
    });

    it("shows the bureau's queue with decision deadlines in working days, overdue first; a resubmission restarts the clock", async () => {
      const clock = jest.spyOn(sut.app.get(Clock), 'now');
      try {
        clock.mockReturnValue(new Date('2026-03-02T02:00:00Z')); // Monday
        const early = await submitted();
        clock.mockReturnValue(new Date('2026-03-03T02:00:00Z'));
        const later = await submitted();
        expect(later).toMatchObject({ decisionDeadline: '2026-03-12', decisionDeadlineProvisional: false, decisionOverdue: false });

        clock.mockReturnValue(new Date('2026-03-12T02:00:00Z'));
        const queue = (await sut.call<{ items: PledgeResponse[] }>('GET', '/api/pledges?status=SUBMITTED&limit=200', BUREAU)).body.items;
        const ours = queue.filter((item) => item.id === early.id || item.id === later.id);
        expect(ours.map((item) => [item.id, item.decisionDeadline, item.decisionOverdue])).toEqual([
          [early.id, '2026-03-11', true],
          [later.id, '2026-03-12', false],
        ]);
        const overdueFlags = queue.map((item) => item.decisionOverdue);
        expect(overdueFlags).toEqual([...overdueFlags].sort((a, b) => Number(b) - Number(a)));

        await sut.call('POST', `/api/pledges/${early.id}/return`, BUREAU, { reasons: [{ message: '补正' }] });
        const again = await sut.call<PledgeResponse>('POST', `/api/pledges/${early.id}/resubmission`, BANK_A, application());
        expect(again.body).toMatchObject({ decisionDeadline: '2026-03-23', decisionOverdue: false, submittedAt: early.submittedAt });
      } finally {
        clock.mockRestore();
      }
    });

    it('counts a decision deadline through a year whose holidays are not entered as provisional', async () => {
      const clock = jest.spyOn(sut.app.get(Clock), 'now');
      try {
        clock.mockReturnValue(new Date('2031-06-02T02:00:00Z'));
        const pledge = await submitted();
        expect(pledge).toMatchObject({ decisionDeadline: '2031-06-11', decisionDeadlineProvisional: true, decisionOverdue: false });
      } finally {
        clock.mockRestore();
      }
    });

    it('counts on the calendar years the bureau publishes, the latest revision of each year in force', async () => {
      const clock = jest.spyOn(sut.app.get(Clock), 'now');
      const published = (revision: number, holidays: string[]) =>
        testEnvelope(
          'WorkingCalendarYearPublished',
          {
            calendarYearId: newId('calendarYear'),
            year: 2031,
            revision,
            source: `test notice for 2031, revision ${revision}`,
            holidays,
            makeUpWorkingDays: [],
            draftedByUserId: 'wang.fang',
            publishedByUserId: 'liu.yang',
            publishedAt: new Date().toISOString(),
          },
          { producer: 'risk-compensation', actor: { orgId: 'bureau-cq', role: 'bureau', userId: 'liu.yang' } },
        );
      const deadlineOf = async (id: string) => (await sut.call<PledgeResponse>('GET', `/api/pledges/${id}`, BUREAU)).body;
      try {
        clock.mockReturnValue(new Date('2031-06-02T02:00:00Z')); // Monday
        const pledge = await submitted();
        // Revision 1 takes Tuesday 3 June off: the seventh working day moves from the 11th to the 12th.
        await sut.consumedPast((await sut.produce(published(1, ['2031-06-03'])))[0]);
        expect(await deadlineOf(pledge.id)).toMatchObject({ decisionDeadline: '2031-06-12', decisionDeadlineProvisional: false });
        // Revision 2 corrects it (no such holiday); revision 1 arriving again afterwards changes nothing.
        await sut.consumedPast((await sut.produce(published(2, [])))[0]);
        await sut.consumedPast((await sut.produce(published(1, ['2031-06-03'])))[0]);
        expect(await deadlineOf(pledge.id)).toMatchObject({ decisionDeadline: '2031-06-11', decisionDeadlineProvisional: false });
        const stored = await sut.prisma.registrationCalendarYear.findUniqueOrThrow({ where: { year: 2031 } });
        expect([stored.revision, stored.holidays]).toEqual([2, []]);
      } finally {
        clock.mockRestore();
      }
    });
  });
});
