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
  type PledgeResponse,
  type SubmitPledgeApplicationRequest,
} from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { pollUntil, serviceUnderTest, actingAs, testEnvelope } from '@ipledger/testing';
import { PledgeRegistrationModule } from './pledge-registration.module';

type Headers = Record<string, string>;
const BANK_A: Headers = actingAs({ orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' });
const BANK_B: Headers = actingAs({ orgId: 'bank-cq-b', role: 'bank' });
const BUREAU: Headers = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'registrar-7' });
const APPRAISER: Headers = actingAs({ orgId: 'appraiser-cq', role: 'appraiser' });

const application = (overrides: Partial<SubmitPledgeApplicationRequest> = {}): SubmitPledgeApplicationRequest => ({
  pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
  ipItems: [
    { ipType: 'invention-patent', number: '201910884346.5', title: '一种数据处理方法' },
    { ipType: 'utility-model', number: '202020409182.9' },
  ],
  requestedLoanAmount: '1000000.00',
  termMonths: 12,
  districtCode: '500101',
  ...overrides,
});

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
const loanId = () => `ln_${randomUUID().replace(/-/g, '')}`;

describe('pledge-registration on a real broker and database', () => {
  const sut = serviceUnderTest(
    { service: 'pledge-registration', schema: 'pledge_registration', consumer: 'pledge-registration', module: PledgeRegistrationModule },
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
      registrationDate: today(),
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

  const storedRow = (id: string) =>
    sut.prisma.pledgeApplication.findUniqueOrThrow({ where: { id }, include: { ipItems: { orderBy: { position: 'asc' } }, transitions: { orderBy: { id: 'asc' } } } });

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
      const pledge = await submitted();
      expect(pledge).toMatchObject({
        status: 'SUBMITTED',
        bankOrgId: 'bank-cq-a',
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
        ipItems: [
          { ipType: 'invention-patent', number: '201910884346.5', title: '一种数据处理方法' },
          { ipType: 'utility-model', number: '202020409182.9', title: null },
        ],
        requestedLoanAmount: '1000000.00',
        termMonths: 12,
        districtCode: '500101',
        registrationNumber: null,
        loanId: null,
      });
      const event = await sut.publishedEvent('PledgeApplicationSubmitted', pledge.id);
      expect(event).toMatchObject({ producer: 'pledge-registration', actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' } });
      expect(event.payload).toEqual({
        pledgeId: pledge.id,
        bankOrgId: 'bank-cq-a',
        pledgor: pledge.pledgor,
        ipItems: pledge.ipItems,
        requestedLoanAmount: '1000000.00',
        termMonths: 12,
        districtCode: '500101',
        submittedAt: pledge.submittedAt,
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
      const response = await sut.call<ErrorBody>('POST', '/api/pledges', BANK_A, { ...application(), requestedLoanAmount: 1000000, extra: true });
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
        registrationDate: today(),
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: pledge.id, status: 'REGISTERED', registrationNumber: 'Y2026500000815', registrationDate: today() });
      const event = await sut.publishedEvent('PledgeRegistered', pledge.id);
      expect(event.payload).toEqual({ pledgeId: pledge.id, bankOrgId: 'bank-cq-a', registrationNumber: 'Y2026500000815', registrationDate: today() });
      expect(event.actor).toEqual({ orgId: 'bureau-cq', role: 'bureau', userId: 'registrar-7' });
    });

    it('refuses a second registration with 409 naming the state, and leaves the row as it was', async () => {
      const pledge = await registered();
      const before = await storedRow(pledge.id);
      const response = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, {
        registrationNumber: 'Y-OTHER',
        registrationDate: today(),
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
          sut.call<PledgeResponse | ErrorBody>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, { registrationNumber, registrationDate: today() }),
        ),
      );
      expect(attempts.map((attempt) => attempt.status).sort()).toEqual([200, 409]);
      const row = await storedRow(pledge.id);
      expect(row.version).toBe(2);
      expect(row.transitions.map((t) => t.toStatus)).toEqual(['SUBMITTED', 'REGISTERED']);
    });

    it('refuses a registration date in the future with 400 on registrationDate', async () => {
      const pledge = await submitted();
      const response = await sut.call<ErrorBody>('POST', `/api/pledges/${pledge.id}/registration`, BUREAU, {
        registrationNumber: 'Y1',
        registrationDate: '2999-01-01',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details?.map((issue) => issue.field)).toEqual(['registrationDate']);
    });

    it('answers 404 for an unknown pledge and 403 for a bank', async () => {
      const unknown = `pl_${'0'.repeat(32)}`;
      const body = { registrationNumber: 'Y1', registrationDate: today() };
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${unknown}/registration`, BUREAU, body)).status).toBe(404);
      expect((await sut.call<ErrorBody>('POST', `/api/pledges/${unknown}/registration`, BANK_A, body)).status).toBe(403);
    });
  });

  describe('reading pledges', () => {
    it('shows a bank its own pledges only; the bureau and appraisers see all', async () => {
      const pledge = await submitted();
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BANK_A)).body.id).toBe(pledge.id);
      expect((await sut.call<ErrorBody>('GET', `/api/pledges/${pledge.id}`, BANK_B)).status).toBe(404);
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BUREAU)).status).toBe(200);
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, APPRAISER)).status).toBe(200);

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
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BANK_A)).body).toMatchObject({ status: 'REGISTERED', loanId: loan });

      const closed = envelope('LoanClosed', loan, { loanId: loan, pledgeId: pledge.id, bankOrgId: 'bank-cq-a', closedOn: today(), reason: 'repaid' });
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
        registrationDate: today(),
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
      const deadLetters = await sut.readTopic(deadLetterTopicName('pledge-registration', sut.prefix), (value) => DeadLetterSchema.parse(JSON.parse(value)));
      const unknown = `pl_${'e'.repeat(32)}`;
      const loan = loanId();
      const defaulted = loanDefaulted({ ...(await submitted()), id: unknown }, loan, daysAgo(3));
      await sut.produce(defaulted);
      const deadLetter = await pollUntil(() => deadLetters.find((letter) => JSON.parse(letter.originalValue).eventId === defaulted.eventId), {
        description: 'the default of an unknown pledge in the dead-letter topic',
      });
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
      expect(event).toMatchObject({ producer: 'pledge-registration', actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' } });
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
      const response = await dispose<PledgeResponse>(licensed.pledge.id, disposal({ method: 'licensing', grossProceeds: '5000.00', costs: '7500.50' }));
      expect(response.status).toBe(200);
      expect(response.body.disposal).toEqual({ method: 'licensing', grossProceeds: '5000.00', costs: '7500.50', netProceeds: '0.00', disposedOn: today() });
      expect((await sut.publishedEvent('PledgeDisposed', licensed.pledge.id)).payload).toMatchObject({ netProceeds: '0.00' });

      const writtenOff = await ofADefaultedLoan();
      const writeOff = await dispose<PledgeResponse>(writtenOff.pledge.id, disposal({ method: 'write-off', grossProceeds: '0.00', costs: '0.00', disposedOn: daysAgo(20) }));
      expect(writeOff.status).toBe(200);
      expect(writeOff.body).toMatchObject({ status: 'DISPOSED', disposal: { method: 'write-off', netProceeds: '0.00', disposedOn: daysAgo(20) } });
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
      const response = await dispose<ErrorBody>(pledge.id, { method: 'sale', grossProceeds: 300000, costs: '-1.00', disposedOn: '23/11/2026', extra: 1 });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation-failed');
      expect(response.body.error.details?.map((issue) => issue.field).sort()).toEqual(['costs', 'disposedOn', 'extra', 'grossProceeds', 'method']);
      const empty = await dispose<ErrorBody>(pledge.id, {});
      expect(empty.body.error.details?.map((issue) => issue.field).sort()).toEqual(['costs', 'disposedOn', 'grossProceeds', 'method']);
      expect((await storedRow(pledge.id)).status).toBe('REGISTERED');
    });

    it('refuses a write-off with proceeds, a date in the future or before the default with 400 on the field', async () => {
      const { pledge } = await ofADefaultedLoan(daysAgo(20));
      const before = await storedRow(pledge.id);
      const writeOff = await dispose<ErrorBody>(pledge.id, disposal({ method: 'write-off', grossProceeds: '10.00' }));
      expect(writeOff.status).toBe(400);
      expect(writeOff.body.error.details).toEqual([{ field: 'grossProceeds', rule: 'must be 0.00 for a write-off (nothing was received), got 10.00' }]);

      const future = await dispose<ErrorBody>(pledge.id, disposal({ disposedOn: '2999-01-01' }));
      expect(future.status).toBe(400);
      expect(future.body.error.details?.map((issue) => issue.field)).toEqual(['disposedOn']);

      const early = await dispose<ErrorBody>(pledge.id, disposal({ disposedOn: daysAgo(21) }));
      expect(early.status).toBe(400);
      expect(early.body.error.details).toEqual([{ field: 'disposedOn', rule: `must not be before the loan defaulted on ${daysAgo(20)}` }]);
      expect(await storedRow(pledge.id)).toEqual(before);
    });

    it('keeps a DISPOSED pledge DISPOSED when its loan closes with the recovery settled', async () => {
      const { pledge, loan } = await ofADefaultedLoan();
      expect((await dispose<PledgeResponse>(pledge.id, disposal())).status).toBe(200);
      const row = await storedRow(pledge.id);
      const [position] = await sut.produce(
        envelope('LoanClosed', loan, { loanId: loan, pledgeId: pledge.id, bankOrgId: 'bank-cq-a', closedOn: today(), reason: 'recovery-settled' }),
      );
      await sut.consumedPast(position);
      expect(await storedRow(pledge.id)).toEqual(row);
      expect((await sut.call<PledgeResponse>('GET', `/api/pledges/${pledge.id}`, BANK_A)).body.status).toBe('DISPOSED');
      expect(await outboxed('PledgeReleased', pledge.id)).toBe(0);
    });
  });
});
