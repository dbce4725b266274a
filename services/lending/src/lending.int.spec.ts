// lending in-process against a real PostgreSQL and Kafka: pledge facts from events (in any
// order), disbursement within the loan-to-value limit, repayments to the fen, closing, overdue
// and default reports, and closing a defaulted loan on its recovery settlement.
import Decimal from 'decimal.js';
import { Money } from '@ipledger/money';
import { randomUUID } from 'node:crypto';
import {
  DeadLetterSchema,
  deadLetterTopicName,
  type ErrorBody,
  type EventEnvelope,
  type EventType,
  type LoanResponse,
  type LoanScheduleResponse,
  type PayloadOf,
} from '@ipledger/contracts';
import { addDays, daysBetween } from '@ipledger/calendar';
import { Clock, createServiceApp, loadConfig, ServiceConfigSchema, todayInChina } from '@ipledger/service-kit';
import { pollUntil, serviceUnderTest, actingAs, testEnvelope } from '@ipledger/testing';
import { LendingModule } from './lending.module';
import { ServicingSweep } from './servicing-sweep';
import { PrismaClient } from './database';

type Headers = Record<string, string>;
const BANK_A: Headers = actingAs({ orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' });
const BANK_B: Headers = actingAs({ orgId: 'bank-cq-b', role: 'bank' });
const BUREAU: Headers = actingAs({ orgId: 'bureau-cq', role: 'bureau' });

/** A date relative to today in China, the calendar the service judges dates by (not UTC's). */
function daysFromToday(days: number): string {
  return addDays(todayInChina(), days);
}
const today = () => daysFromToday(0);
const newPledgeId = () => `pl_${randomUUID().replace(/-/g, '')}`;
const newValuationId = () => `val_${randomUUID().replace(/-/g, '')}`;

describe('lending on a real broker and database', () => {
  const sut = serviceUnderTest(
    {
      service: 'lending',
      schema: 'lending',
      prismaClient: PrismaClient,
      consumer: 'lending',
      module: LendingModule,
      retry: { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)), readTopics: ['loan'] },
  );

  // ── events from pledge-registration, valuation and risk compensation ──────

  function envelope<T extends EventType>(
    type: T,
    key: string,
    producerName: 'pledge-registration' | 'valuation' | 'risk-compensation',
    payload: PayloadOf<T>,
  ): EventEnvelope<T> {
    return testEnvelope(type, payload, { key, producer: producerName, actor: { orgId: 'bank-cq-a', role: 'bank', userId: null } });
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

  const FUND = 'pol_0195a1b2c3d47e5f8a6b7c8d9e0f1a07';
  const recoveryDistributed = (loan: Pick<LoanResponse, 'id' | 'pledgeId' | 'bankOrgId'>, distributedOn = today()) =>
    envelope('RecoveryDistributed', FUND, 'risk-compensation', {
      claimId: `clm_${randomUUID().replace(/-/g, '')}`,
      fundId: FUND,
      loanId: loan.id,
      pledgeId: loan.pledgeId,
      bankOrgId: loan.bankOrgId,
      budgetYear: Number(distributedOn.slice(0, 4)),
      disposedOn: distributedOn,
      distributedOn,
      netProceeds: '400000.00',
      returns: [
        { party: 'fund', orgId: FUND, bore: '250000.00', returned: '200000.00' },
        { party: 'bank', orgId: loan.bankOrgId, bore: '250000.00', returned: '200000.00' },
      ],
      residualToBank: '0.00',
      residualToBorrower: '0.00',
      principalWrittenOff: '100000.00',
    });

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
        const response = await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, principal));
        return response.status === 409 && response.body.error.message.includes(expected) ? response.body : undefined;
      },
      { description: `POST /api/loans for ${pledgeId} to be refused with "${expected}"` },
    );
  }

  async function knownPledgeWithLoan(principal = '1000000.00', overrides: Record<string, unknown> = {}): Promise<LoanResponse> {
    const pledgeId = newPledgeId();
    await sut.produce(submitted(pledgeId), registeredEvent(pledgeId), valued(pledgeId, '8000000.00'));
    const response = await pollUntil(async () => {
      const attempt = await sut.call<LoanResponse>('POST', '/api/loans', BANK_A, disbursement(pledgeId, principal, overrides));
      return attempt.status === 201 ? attempt : undefined;
    });
    return response.body;
  }

  /** A loan disbursed `daysAgo` days ago on a pledge registered and valued before it. */
  async function loanDisbursedDaysAgo(daysAgo: number, overrides: Record<string, unknown> = {}): Promise<LoanResponse> {
    const pledgeId = newPledgeId();
    await sut.produce(
      submitted(pledgeId),
      registeredEvent(pledgeId, daysFromToday(-daysAgo - 5)),
      valued(pledgeId, '8000000.00', daysFromToday(-daysAgo - 10)),
    );
    const body = disbursement(pledgeId, '1200000.00', {
      annualInterestRate: '0.036',
      disbursedOn: daysFromToday(-daysAgo),
      ...overrides,
    });
    const response = await pollUntil(async () => {
      const attempt = await sut.call<LoanResponse>('POST', '/api/loans', BANK_A, body);
      return attempt.status === 201 ? attempt : undefined;
    });
    return response.body;
  }

  /**
   * 1,200,000.00 at 3.6 %, interest monthly (先息后本), disbursed 45 days ago and never paid: its
   * first instalment (a month's interest) fell due two weeks or so ago, so its schedule is in arrears.
   */
  const loanInArrears = () => loanDisbursedDaysAgo(45, { repaymentMethod: 'interest-only' });
  const scheduleOf = async (loanId: string) => (await sut.call<LoanScheduleResponse>('GET', `/api/loans/${loanId}/schedule`, BANK_A)).body;

  const loanRows = (pledgeId: string) => sut.prisma.loan.findMany({ where: { pledgeId } });

  describe('disbursing', () => {
    it('learns a pledge whose valuation and registration arrive before its application', async () => {
      const pledgeId = newPledgeId();
      const early = await sut.produce(valued(pledgeId, '8000000.00'), registeredEvent(pledgeId));
      for (const position of early) await sut.consumedPast(position);
      // Handled, but without the application lending does not know whose pledge it is.
      expect((await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1000000.00'))).status).toBe(404);
      await sut.produce(submitted(pledgeId));
      const body = await refusedOnceKnown(pledgeId, '2500000.00', 'loan-to-value limit');
      expect(body.error).toMatchObject({
        code: 'rule-violated',
        message:
          'principal 2500000.00 exceeds the loan-to-value limit: 0.25 (invention-patent) × appraised value 8000000.00 = max principal 2000000.00',
      });
      expect(await loanRows(pledgeId)).toEqual([]);
    });

    it('refuses a pledge that is not registered yet', async () => {
      const pledgeId = newPledgeId();
      await sut.produce(submitted(pledgeId), valued(pledgeId, '8000000.00'));
      const body = await refusedOnceKnown(pledgeId, '1000000.00', 'not registered');
      expect(body.error.message).toBe(`pledge ${pledgeId} is not registered yet; a loan needs a registered pledge`);
      expect(await loanRows(pledgeId)).toEqual([]);
    });

    it('applies the lowest limit of a mixed pledge', async () => {
      const pledgeId = newPledgeId();
      await sut.produce(
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
        closeReason: null,
        guarantorOrgId: null,
        insurerOrgId: null,
        repayments: [],
      });
      const [event] = await sut.publishedEvents('LoanDisbursed', loan.id, 1);
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
        pledgeRegistrationNumber: 'Y2026500000815',
        appraiserOrgId: 'appraiser-cq',
        repaymentMethod: 'bullet',
        dayCount: 'ACT/360',
        periodMonths: 1,
      });
      // No guarantor or insurer: the optional fields are left out, not sent as null.
      expect(event.payload).not.toHaveProperty('guarantorOrgId');
      expect(event.payload).not.toHaveProperty('insurerOrgId');
      const transitions = await sut.prisma.loanTransition.findMany({ where: { loanId: loan.id } });
      expect(transitions.map((t) => [t.fromStatus, t.toStatus, t.actorOrgId])).toEqual([[null, 'ACTIVE', 'bank-cq-a']]);
    });

    it('disburses with a guarantor and an insurer: stored on the loan and on LoanDisbursed with the registration number and appraiser', async () => {
      const loan = await knownPledgeWithLoan('1500000.00', { guarantorOrgId: 'guarantor-cq-xinda', insurerOrgId: 'insurer-cq-picc' });
      expect(loan).toMatchObject({
        status: 'ACTIVE',
        guarantorOrgId: 'guarantor-cq-xinda',
        insurerOrgId: 'insurer-cq-picc',
        closeReason: null,
      });
      expect((await sut.call<LoanResponse>('GET', `/api/loans/${loan.id}`, BUREAU)).body).toMatchObject({
        guarantorOrgId: 'guarantor-cq-xinda',
        insurerOrgId: 'insurer-cq-picc',
      });
      const row = await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } });
      expect([row.guarantorOrgId, row.insurerOrgId]).toEqual(['guarantor-cq-xinda', 'insurer-cq-picc']);

      const [event] = await sut.publishedEvents('LoanDisbursed', loan.id, 1);
      expect(event.payload).toMatchObject({
        loanId: loan.id,
        principal: '1500000.00',
        pledgeRegistrationNumber: 'Y2026500000815',
        appraiserOrgId: 'appraiser-cq',
        guarantorOrgId: 'guarantor-cq-xinda',
        insurerOrgId: 'insurer-cq-picc',
      });
    });

    it('refuses a malformed guarantor or insurer with 400 naming the field, and stores nothing', async () => {
      const pledgeId = newPledgeId();
      const badGuarantor = await sut.call<ErrorBody>(
        'POST',
        '/api/loans',
        BANK_A,
        disbursement(pledgeId, '1.00', { guarantorOrgId: 'Guarantor CQ' }),
      );
      expect(badGuarantor.status).toBe(400);
      expect(badGuarantor.body.error.details?.map((issue) => issue.field)).toEqual(['guarantorOrgId']);
      const badInsurer = await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1.00', { insurerOrgId: null }));
      expect(badInsurer.status).toBe(400);
      expect(badInsurer.body.error.details?.map((issue) => issue.field)).toEqual(['insurerOrgId']);
      expect(await loanRows(pledgeId)).toEqual([]);
    });

    it('refuses a second loan on the same pledge, naming the first', async () => {
      const loan = await knownPledgeWithLoan();
      const response = await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(loan.pledgeId, '1000.00'));
      expect(response.status).toBe(409);
      expect(response.body.error.message).toBe(`pledge ${loan.pledgeId} already secures loan ${loan.id} (ACTIVE)`);
    });

    it('lets exactly one of two simultaneous disbursements on one pledge through', async () => {
      const pledgeId = newPledgeId();
      await sut.produce(submitted(pledgeId), registeredEvent(pledgeId), valued(pledgeId, '8000000.00'));
      await refusedOnceKnown(pledgeId, '2000000.01', 'loan-to-value limit');
      const attempts = await Promise.all(
        ['1000000.00', '1500000.00'].map((principal) =>
          sut.call<LoanResponse | ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, principal)),
        ),
      );
      expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409]);
      const [loan] = await loanRows(pledgeId);
      const refused = attempts.find((attempt) => attempt.status === 409)?.body as ErrorBody;
      expect(refused.error.message).toBe(`pledge ${pledgeId} already secures loan ${loan.id} (ACTIVE)`);
    });

    it('does not show one bank another bank’s pledge or loan; the bureau sees all', async () => {
      const loan = await knownPledgeWithLoan();
      expect((await sut.call<ErrorBody>('POST', '/api/loans', BANK_B, disbursement(loan.pledgeId, '1000.00'))).status).toBe(404);
      expect((await sut.call<ErrorBody>('GET', `/api/loans/${loan.id}`, BANK_B)).status).toBe(404);
      const repaidByB = await sut.call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_B, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: today(),
      });
      expect(repaidByB.status).toBe(404);
      expect((await sut.call<LoanResponse>('GET', `/api/loans/${loan.id}`, BUREAU)).body.id).toBe(loan.id);
      expect(
        (await sut.call<{ items: LoanResponse[] }>('GET', '/api/loans?limit=200', BANK_B)).body.items.map((item) => item.id),
      ).not.toContain(loan.id);
      const byPledge = await sut.call<{ items: LoanResponse[] }>('GET', `/api/loans?pledgeId=${loan.pledgeId}&status=ACTIVE`, BUREAU);
      expect(byPledge.body.items.map((item) => item.id)).toEqual([loan.id]);
    });

    it('refuses a disbursement dated in the future with 400, and a bureau with 403', async () => {
      const pledgeId = newPledgeId();
      const future = await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1.00', { disbursedOn: '2999-01-01' }));
      expect(future.status).toBe(400);
      expect(future.body.error.details?.map((issue) => issue.field)).toEqual(['disbursedOn']);
      expect((await sut.call<ErrorBody>('POST', '/api/loans', BUREAU, disbursement(pledgeId, '1.00'))).status).toBe(403);
    });
  });

  describe('servicing from a schedule (docs/servicing.md)', () => {
    it('makes and stores the schedule at disbursement, and a loan slips overdue by itself when an instalment goes unpaid', async () => {
      const loan = await loanDisbursedDaysAgo(45, { repaymentMethod: 'equal-instalment' });
      const answer = await sut.call<LoanScheduleResponse>('GET', `/api/loans/${loan.id}/schedule`, BANK_A);

      expect(answer.status).toBe(200);
      const schedule = answer.body;
      expect(schedule).toMatchObject({
        repaymentMethod: 'equal-instalment',
        repaymentMethodName: '等额本息',
        dayCount: 'ACT/360',
        periodMonths: 1,
      });
      expect(schedule.instalments).toHaveLength(12);
      expect(Money.sum(schedule.instalments.map((each) => Money.of(each.principal))).toString()).toBe('1200000.00');
      // The level instalment of 1,200,000.00 at 3.6 % over 12 months (docs/servicing.md).
      expect(new Set(schedule.instalments.slice(0, -1).map((each) => each.amount))).toEqual(new Set(['101960.71']));
      const first = schedule.instalments[0];
      expect(first?.state).toBe('overdue');
      const late = daysBetween(first?.dueOn ?? '', today());
      expect(late).toBeGreaterThan(0);
      expect(schedule.position).toMatchObject({
        asOf: today(),
        overdueSince: addDays(first?.dueOn ?? '', 1),
        daysPastDue: late,
        bucket: 'M1',
        riskClass: 'special-mention',
        riskClassName: '关注',
        overduePrincipal: first?.principal,
        overdueInterest: first?.interest,
      });
      expect(Money.of(schedule.position.penaltyAccrued).isPositive()).toBe(true);
      // Stored, not recomputed: the rows are there.
      expect(await sut.prisma.loanInstalment.count({ where: { loanId: loan.id } })).toBe(12);

      // The instalment and its penalty paid: current again.
      const paid = await sut.call<LoanResponse>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: first?.principal,
        interestAmount: Money.of(first?.interest ?? '0')
          .plus(Money.of(schedule.position.penaltyLeft))
          .toString(),
        repaidOn: today(),
      });
      expect(paid.status).toBe(201);
      const after = (await sut.call<LoanScheduleResponse>('GET', `/api/loans/${loan.id}/schedule`, BANK_A)).body;
      expect([after.instalments[0]?.state, after.instalments[0]?.settledOn, after.position.daysPastDue, after.position.bucket]).toEqual([
        'settled',
        today(),
        0,
        'C',
      ]);
    });

    it('turns OVERDUE by itself in the overdue sweep, with the schedule’s figures and LoanOverdue detected by the schedule; once', async () => {
      const late = await loanInArrears();
      const current = await knownPledgeWithLoan('500000.00', { repaymentMethod: 'interest-only' });
      const { position } = await scheduleOf(late.id);
      const sweep = sut.app.get(ServicingSweep);

      const first = await sweep.sweep();
      expect(first.today).toBe(today());
      expect(first.slipped).toContain(late.id);
      expect(first.slipped).not.toContain(current.id);
      const stored = await sut.call<LoanResponse>('GET', `/api/loans/${late.id}`, BANK_A);
      expect(stored.body).toMatchObject({
        status: 'OVERDUE',
        overdueSince: position.overdueSince,
        daysPastDue: position.daysPastDue,
        overdueInterest: Money.of(position.overdueInterest).plus(Money.of(position.penaltyLeft)).toString(),
      });
      expect((await sut.call<LoanResponse>('GET', `/api/loans/${current.id}`, BANK_A)).body.status).toBe('ACTIVE');
      const [event] = await sut.publishedEvents('LoanOverdue', late.id, 1);
      expect(event).toMatchObject({
        producer: 'lending',
        key: late.id,
        actor: { orgId: 'ipledger-lending', role: 'system', userId: null },
      });
      expect(event.payload).toEqual({
        loanId: late.id,
        bankOrgId: 'bank-cq-a',
        overdueSince: position.overdueSince,
        daysPastDue: position.daysPastDue,
        outstandingPrincipal: '1200000.00',
        overdueInterest: stored.body.overdueInterest,
        reportedOn: today(),
        detectedBy: 'schedule',
      });
      const transitions = await sut.prisma.loanTransition.findMany({ where: { loanId: late.id }, orderBy: { id: 'asc' } });
      expect(transitions.map((t) => [t.fromStatus, t.toStatus, t.actorRole])).toEqual([
        [null, 'ACTIVE', 'bank'],
        ['ACTIVE', 'OVERDUE', 'system'],
      ]);

      // A second pass finds it OVERDUE already: nothing changes, no second event.
      expect((await sweep.sweep()).slipped).not.toContain(late.id);
      expect(await sut.prisma.outbox.count({ where: { type: 'LoanOverdue', key: late.id } })).toBe(1);
    });

    it('accrues interest day by day in the end-of-day servicing, each day once, and a repayment’s interest settles what accrued first', async () => {
      // 1,200,000.00 at 3.6 % on ACT/360: 120.00 a day in the first period.
      const loan = await loanDisbursedDaysAgo(10, { repaymentMethod: 'equal-instalment' });
      const sweep = sut.app.get(ServicingSweep);

      expect((await sweep.sweep()).accrued).toContain(loan.id);
      expect((await sut.call<LoanResponse>('GET', `/api/loans/${loan.id}`, BANK_A)).body).toMatchObject({
        interestAccrued: '1200.00',
        interestAccruedUntil: today(),
      });
      const [event] = await sut.publishedEvents('LoanInterestAccrued', loan.id, 1);
      expect(event).toMatchObject({ key: loan.id, actor: { orgId: 'ipledger-lending', role: 'system' } });
      expect(event.payload).toEqual({
        loanId: loan.id,
        bankOrgId: 'bank-cq-a',
        accruedFrom: daysFromToday(-10),
        accruedUntil: today(),
        days: 10,
        amount: '1200.00',
      });
      // The same day again accrues nothing.
      expect((await sweep.sweep()).accrued).not.toContain(loan.id);

      // A day later: that one day.
      jest.spyOn(sut.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 86_400_000));
      try {
        expect((await sweep.sweep()).accrued).toContain(loan.id);
      } finally {
        jest.restoreAllMocks();
      }
      const accruals = await sut.prisma.interestAccrual.findMany({ where: { loanId: loan.id }, orderBy: { accruedFrom: 'asc' } });
      expect(
        accruals.map((row) => [
          row.accruedFrom.toISOString().slice(0, 10),
          row.accruedUntil.toISOString().slice(0, 10),
          row.amount.toFixed(2),
        ]),
      ).toEqual([
        [daysFromToday(-10), today(), '1200.00'],
        [today(), daysFromToday(1), '120.00'],
      ]);
      expect(await sut.prisma.outbox.count({ where: { type: 'LoanInterestAccrued', key: loan.id } })).toBe(2);

      // 1,000.00 of interest settles 1,000.00 accrued; of the next 500.00 only the 320.00 left accrued does.
      const repay = (interestAmount: string) =>
        sut.call<LoanResponse>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
          principalAmount: '0.00',
          interestAmount,
          repaidOn: today(),
        });
      expect((await repay('1000.00')).status).toBe(201);
      expect((await repay('500.00')).status).toBe(201);
      const repaid = await sut.publishedEvents('LoanRepaid', loan.id, 2);
      expect(repaid.map((each) => [each.payload.interestAmount, each.payload.accruedInterestSettled])).toEqual([
        ['1000.00', '1000.00'],
        ['500.00', '320.00'],
      ]);
      expect((await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } })).accruedInterestSettled.toFixed(2)).toBe('1320.00');
    });

    it('takes one amount paid and allocates it by the schedule: penalty interest, then the overdue instalment’s interest and principal', async () => {
      const loan = await loanDisbursedDaysAgo(45, { repaymentMethod: 'equal-instalment' });
      const { instalments, position } = await scheduleOf(loan.id);
      const first = instalments[0];
      const penalty = Money.of(position.penaltyLeft);
      expect(penalty.isPositive()).toBe(true);
      const pay = (body: Record<string, unknown>) =>
        sut.call<LoanResponse & ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, { repaidOn: today(), ...body });

      const both = await pay({ amount: '1.00', principalAmount: '1.00', interestAmount: '0.00' });
      expect(both.status).toBe(400);
      expect(both.body.error.details?.map((issue) => issue.field)).toEqual(['amount']);
      const tooMuch = await pay({ amount: '99999999.00' });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.error.details).toEqual([expect.objectContaining({ field: 'amount', code: 'repayment-beyond-schedule' })]);

      const amount = Money.of(first?.amount ?? '0').plus(penalty);
      const paid = await pay({ amount: amount.toString() });
      expect(paid.status).toBe(201);
      expect(paid.body.repayments.map((each) => [each.principalAmount, each.interestAmount])).toEqual([
        [
          first?.principal,
          Money.of(first?.interest ?? '0')
            .plus(penalty)
            .toString(),
        ],
      ]);
      const [repaid] = await sut.publishedEvents('LoanRepaid', loan.id, 1);
      expect(repaid.payload).toMatchObject({
        principalAmount: first?.principal,
        interestAmount: Money.of(first?.interest ?? '0')
          .plus(penalty)
          .toString(),
        // Nothing had accrued on this loan yet: all of it was income at once.
        accruedInterestSettled: '0.00',
      });
      const after = await scheduleOf(loan.id);
      expect([after.instalments[0]?.state, after.position.daysPastDue, after.position.penaltyLeft]).toEqual(['settled', 0, '0.00']);
    });

    it('takes an early repayment (提前还款) dated today: the schedule made anew as version 2, shorter; refusals name the rule', async () => {
      const loan = await loanDisbursedDaysAgo(10, { repaymentMethod: 'equal-instalment' });
      const before = await scheduleOf(loan.id);
      const prepay = (body: Record<string, unknown>) =>
        sut.call<LoanResponse & ErrorBody>('POST', `/api/loans/${loan.id}/prepayments`, BANK_A, body);

      const tooMuch = await prepay({ principalAmount: '1200000.01', choice: 'shorten-term' });
      expect([tooMuch.status, tooMuch.body.error.details?.map((issue) => issue.code)]).toEqual([409, ['prepayment-beyond-outstanding']]);
      const unknown = await prepay({ principalAmount: '1.00', choice: 'later' });
      expect([unknown.status, unknown.body.error.details?.map((issue) => issue.field)]).toEqual([400, ['choice']]);

      const prepaid = await prepay({ principalAmount: '300000.00', choice: 'shorten-term' });
      expect(prepaid.status).toBe(201);
      expect(prepaid.body).toMatchObject({ status: 'ACTIVE', outstandingPrincipal: '900000.00' });
      const after = await scheduleOf(loan.id);
      // The same level instalment over fewer periods: the loan ends earlier.
      expect(after.instalments.length).toBeLessThan(before.instalments.length);
      expect(after.maturityDate < before.maturityDate).toBe(true);
      expect(Money.sum(after.instalments.map((each) => Money.of(each.principal))).toString()).toBe('900000.00');
      expect(after.instalments[1]?.amount).toBe(before.instalments[1]?.amount);
      expect(after.position).toMatchObject({ daysPastDue: 0 });
      expect(await sut.prisma.loanInstalment.count({ where: { loanId: loan.id, scheduleVersion: 2 } })).toBe(after.instalments.length);
      expect(await sut.prisma.loanInstalment.count({ where: { loanId: loan.id, scheduleVersion: 1 } })).toBe(12);

      const [repaid] = await sut.publishedEvents('LoanRepaid', loan.id, 1);
      expect(repaid.payload).toMatchObject({
        principalAmount: '300000.00',
        interestAmount: '0.00',
        repaidOn: today(),
        outstandingPrincipal: '900000.00',
      });
      const [rescheduled] = await sut.publishedEvents('LoanRescheduled', loan.id, 1);
      expect(rescheduled.payload).toMatchObject({
        scheduleVersion: 2,
        choice: 'shorten-term',
        prepaidOn: today(),
        prepaidPrincipal: '300000.00',
        outstandingPrincipal: '900000.00',
        maturityDate: after.maturityDate,
        instalments: after.instalments.length,
      });

      // A second prepayment in the same period cannot be scheduled; nothing changes.
      const again = await prepay({ principalAmount: '1000.00', choice: 'reduce-instalment' });
      expect([again.status, again.body.error.details?.map((issue) => issue.code)]).toEqual([409, ['prepayment-not-schedulable']]);
      expect((await scheduleOf(loan.id)).instalments).toEqual(after.instalments);
    });

    it('closes a loan prepaid whole, and refuses a prepayment while anything is in arrears', async () => {
      const whole = await loanDisbursedDaysAgo(10, { repaymentMethod: 'equal-principal' });
      const closed = await sut.call<LoanResponse>('POST', `/api/loans/${whole.id}/prepayments`, BANK_A, {
        principalAmount: '1200000.00',
        choice: 'reduce-instalment',
      });
      expect(closed.status).toBe(201);
      expect(closed.body).toMatchObject({ status: 'CLOSED', outstandingPrincipal: '0.00', closedOn: today() });
      expect((await sut.publishedEvents('LoanClosed', whole.id, 1))[0]?.payload).toMatchObject({ reason: 'repaid', closedOn: today() });

      const late = await loanDisbursedDaysAgo(45, { repaymentMethod: 'equal-instalment' });
      const refused = await sut.call<ErrorBody>('POST', `/api/loans/${late.id}/prepayments`, BANK_A, {
        principalAmount: '100000.00',
        choice: 'shorten-term',
      });
      expect([refused.status, refused.body.error.details?.map((issue) => issue.code)]).toEqual([409, ['arrears-first']]);
      expect(await sut.prisma.repayment.count({ where: { loanId: late.id } })).toBe(0);
    });

    it('repays in one payment at maturity unless the bank says otherwise; refuses an unknown method naming the field', async () => {
      const loan = await loanDisbursedDaysAgo(0);
      const schedule = (await sut.call<LoanScheduleResponse>('GET', `/api/loans/${loan.id}/schedule`, BUREAU)).body;
      expect(schedule).toMatchObject({
        repaymentMethod: 'bullet',
        repaymentMethodName: '到期一次还本付息',
        maturityDate: loan.maturityDate,
      });
      expect(schedule.instalments.map((each) => [each.dueOn, each.principal, each.state])).toEqual([
        [loan.maturityDate, '1200000.00', 'upcoming'],
      ]);

      const refused = await sut.call<ErrorBody>(
        'POST',
        '/api/loans',
        BANK_A,
        disbursement(newPledgeId(), '1.00', { repaymentMethod: 'balloon', periodMonths: 2 }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.details?.map((issue) => issue.field).sort()).toEqual(['periodMonths', 'repaymentMethod']);
      expect((await sut.call<ErrorBody>('GET', `/api/loans/${loan.id}/schedule`, BANK_B)).status).toBe(404);
    });
  });

  describe('pledge facts from events', () => {
    it('keeps the latest valuation, and the same event delivered twice changes nothing', async () => {
      const pledgeId = newPledgeId();
      const sameDay = daysFromToday(-3);
      const first = valued(pledgeId, '4000000.00', sameDay);
      const second = valued(pledgeId, '8000000.00', sameDay);
      const older = valued(pledgeId, '100.00', daysFromToday(-30));
      await sut.produce(submitted(pledgeId), registeredEvent(pledgeId), first, second, older);
      await refusedOnceKnown(pledgeId, '2000000.01', 'appraised value 8000000.00');

      // Delivered again, the first valuation would win as "the later event of the same day".
      const [again] = await sut.produce(first);
      await sut.consumedPast(again);
      const facts = await sut.prisma.lendingPledgeFacts.findUniqueOrThrow({ where: { pledgeId } });
      expect(facts.valuationId).toBe(second.payload.valuationId);
      expect(facts.appraisedValue?.toFixed(2)).toBe('8000000.00');
      expect(facts.appraiserOrgId).toBe('appraiser-cq');
    });

    it('takes the corrected application (补正) in place of the returned one', async () => {
      const pledgeId = newPledgeId();
      const original = submitted(pledgeId);
      const corrected = envelope('PledgeApplicationResubmitted', pledgeId, 'pledge-registration', {
        ...original.payload,
        pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技股份有限公司' },
        requestedLoanAmount: '1500000.00',
        termMonths: 12,
        appraiserOrgId: 'appraiser-cq',
        firstSubmittedAt: original.payload.submittedAt,
        resubmittedAt: new Date().toISOString(),
      });
      await sut.produce(original, corrected, registeredEvent(pledgeId), valued(pledgeId, '8000000.00'));
      await refusedOnceKnown(pledgeId, '1500000.01', 'exceeds the requested loan amount 1500000.00');
      const facts = await sut.prisma.lendingPledgeFacts.findUniqueOrThrow({ where: { pledgeId } });
      expect([facts.pledgorName, facts.termMonths, facts.applicationEventId]).toEqual(['重庆示例科技股份有限公司', 12, corrected.eventId]);
    });

    it('checks later disbursements against a changed registration (变更登记); an older or repeated change changes nothing', async () => {
      const pledgeId = newPledgeId();
      const change = (registrationVersion: number, securedAmount: string, termMonths: number) =>
        envelope('PledgeRegistrationChanged', pledgeId, 'pledge-registration', {
          pledgeId,
          bankOrgId: 'bank-cq-a',
          registrationNumber: 'Y2026500000815',
          registrationVersion,
          securedAmount,
          termMonths,
          pledgorName: '重庆示例科技有限公司',
          changedOn: today(),
          note: null,
        });
      const third = change(3, '1200000.00', 12);
      const produced = await sut.produce(
        submitted(pledgeId),
        registeredEvent(pledgeId),
        valued(pledgeId, '8000000.00'),
        change(2, '2000000.00', 18),
        third,
        change(2, '2000000.00', 18),
      );
      // Every event handled before the first request: 1,200,000.01 is within the limits the pledge
      // has before the changes, so a request in between would be granted.
      await sut.consumedPast(produced[produced.length - 1]!);
      const overLimit = await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1200000.01'));
      expect([overLimit.status, overLimit.body.error.message]).toEqual([
        409,
        expect.stringContaining('exceeds the requested loan amount 1200000.00'),
      ]);
      const [again] = await sut.produce(third);
      await sut.consumedPast(again);
      const facts = await sut.prisma.lendingPledgeFacts.findUniqueOrThrow({ where: { pledgeId } });
      expect([facts.registrationVersion, facts.requestedLoanAmount?.toFixed(2), facts.termMonths]).toEqual([3, '1200000.00', 12]);
      const refused = await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1000000.00', { termMonths: 18 }));
      expect(refused.body.error.message).toContain('exceeds the 12 months');
      expect((await sut.call<LoanResponse>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1200000.00'))).status).toBe(201);
    });

    it('refuses a loan against a pledge the bank had released (注销) before any loan', async () => {
      const pledgeId = newPledgeId();
      const released = envelope('PledgeReleased', pledgeId, 'pledge-registration', {
        pledgeId,
        bankOrgId: 'bank-cq-a',
        releasedOn: today(),
        reason: 'bank-request',
      });
      const produced = await sut.produce(submitted(pledgeId), registeredEvent(pledgeId), valued(pledgeId, '8000000.00'), released);
      // The release handled before the request: before it, 1,000,000.00 would be granted.
      await sut.consumedPast(produced[produced.length - 1]!);
      const refusal = (await sut.call<ErrorBody>('POST', '/api/loans', BANK_A, disbursement(pledgeId, '1000000.00'))).body;
      expect(refusal.error.message).toContain(`was released (注销) on ${today()}`);
      expect(refusal.error.currentState).toBe('RELEASED');
      expect(await loanRows(pledgeId)).toEqual([]);
    });
  });

  describe('repaying', () => {
    it('refuses to repay more principal than is owed and leaves the loan unchanged', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const before = await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } });
      const response = await sut.call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
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
      expect(await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } })).toEqual(before);
      expect(await sut.prisma.repayment.count({ where: { loanId: loan.id } })).toBe(0);
    });

    it('takes a partial then a final repayment, closes the loan at 0.00 and publishes LoanRepaid twice and LoanClosed', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const partial = await sut.call<LoanResponse>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '333333.33',
        interestAmount: '3625.00',
        repaidOn: today(),
      });
      expect(partial.status).toBe(201);
      expect(partial.body).toMatchObject({ status: 'ACTIVE', outstandingPrincipal: '666666.67', interestPaid: '3625.00' });

      const final = await sut.call<LoanResponse>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '666666.67',
        interestAmount: '2416.67',
        repaidOn: today(),
      });
      expect(final.status).toBe(201);
      expect(final.body).toMatchObject({
        status: 'CLOSED',
        outstandingPrincipal: '0.00',
        interestPaid: '6041.67',
        closedOn: today(),
        closeReason: 'repaid',
      });
      expect(partial.body.closeReason).toBeNull();
      expect(final.body.repayments.map((r) => [r.principalAmount, r.interestAmount, r.outstandingAfter])).toEqual([
        ['333333.33', '3625.00', '666666.67'],
        ['666666.67', '2416.67', '0.00'],
      ]);

      const repaid = await sut.publishedEvents('LoanRepaid', loan.id, 2);
      expect(repaid.map((event) => event.payload.outstandingPrincipal)).toEqual(['666666.67', '0.00']);
      const [closed] = await sut.publishedEvents('LoanClosed', loan.id, 1);
      expect(closed.payload).toEqual({
        loanId: loan.id,
        pledgeId: loan.pledgeId,
        bankOrgId: 'bank-cq-a',
        closedOn: today(),
        reason: 'repaid',
      });
      expect((await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } })).closeReason).toBe('repaid');
      const transitions = await sut.prisma.loanTransition.findMany({ where: { loanId: loan.id }, orderBy: { id: 'asc' } });
      expect(transitions.map((t) => [t.fromStatus, t.toStatus])).toEqual([
        [null, 'ACTIVE'],
        ['ACTIVE', 'CLOSED'],
      ]);

      const afterClose = await sut.call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '0.00',
        interestAmount: '10.00',
        repaidOn: today(),
      });
      expect(afterClose.status).toBe(409);
      expect(afterClose.body.error).toMatchObject({
        code: 'illegal-transition',
        currentState: 'CLOSED',
        message: `loan ${loan.id} is CLOSED; only an ACTIVE or OVERDUE loan can be repaid`,
      });
    });

    it('lets only one of two simultaneous repayments that together overdraw through', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const attempts = await Promise.all(
        [1, 2].map(() =>
          sut.call<LoanResponse | ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
            principalAmount: '600000.00',
            interestAmount: '0.00',
            repaidOn: today(),
          }),
        ),
      );
      expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409]);
      const row = await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } });
      expect(row.outstandingPrincipal.toFixed(2)).toBe('400000.00');
      expect(await sut.prisma.repayment.count({ where: { loanId: loan.id } })).toBe(1);
    });

    it('answers a repayment that lost the race to another change 409 concurrent-modification, retryable, and the retry succeeds', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const repay = () =>
        sut.call<LoanResponse | ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
          principalAmount: '1.00',
          interestAmount: '0.00',
          repaidOn: today(),
        });
      // Another writer changes the loan (its version) and holds the row until the repayment has read
      // the old version and waits on the row: its version check then fails, deterministically.
      const lost = await sut.prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe('UPDATE lending.loans SET version = version + 1 WHERE id = $1', loan.id);
          let answered: unknown;
          const answer = repay().then((result) => (answered = result));
          await pollUntil(
            async () => {
              if (answered !== undefined) throw new Error(`the repayment did not wait on the row: ${JSON.stringify(answered)}`);
              const waiting = await sut.prisma.$queryRawUnsafe<{ n: number }[]>(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%UPDATE%loans%'",
              );
              return waiting[0].n > 0;
            },
            { description: 'the repayment to wait on the loan row' },
          );
          // Wrapped: returning the promise itself would make the transaction wait for it (a deadlock).
          return { answer };
        },
        { timeout: 30_000 },
      );
      const refused = await lost.answer;
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'concurrent-modification', retryable: true, currentState: 'ACTIVE' } });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await sut.prisma.repayment.count({ where: { loanId: loan.id } })).toBe(0);
      const retried = await repay();
      expect(retried.status).toBe(201);
      expect((retried.body as LoanResponse).outstandingPrincipal).toBe('999999.00');
    });

    it('refuses a repayment dated before the disbursement with 400, and an unknown loan with 404', async () => {
      const loan = await knownPledgeWithLoan();
      const early = await sut.call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: daysFromToday(-1),
      });
      expect(early.status).toBe(400);
      expect(early.body.error.details).toEqual([{ field: 'repaidOn', rule: `must not be before the loan was disbursed (${today()})` }]);
      const unknown = await sut.call<ErrorBody>('POST', `/api/loans/ln_${'0'.repeat(32)}/repayments`, BANK_A, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: today(),
      });
      expect(unknown.status).toBe(404);
    });
  });

  describe('overdue and default', () => {
    const repay = (loanId: string, principalAmount: string, interestAmount = '0.00') =>
      sut.call<LoanResponse | ErrorBody>('POST', `/api/loans/${loanId}/repayments`, BANK_A, {
        principalAmount,
        interestAmount,
        repaidOn: today(),
      });
    const reportOverdue = (loanId: string, body: Record<string, unknown>, headers: Headers = BANK_A) =>
      sut.call<LoanResponse | ErrorBody>('POST', `/api/loans/${loanId}/overdue`, headers, body);
    const reportDefault = (loanId: string, body: Record<string, unknown>, headers: Headers = BANK_A) =>
      sut.call<LoanResponse | ErrorBody>('POST', `/api/loans/${loanId}/default`, headers, body);
    const storedLoan = (loanId: string) => sut.prisma.loan.findUniqueOrThrow({ where: { id: loanId } });

    it('goes overdue as its schedule says, is updated, takes a repayment, defaults, then refuses every change naming DEFAULTED', async () => {
      const loan = await loanInArrears();
      const { position } = await scheduleOf(loan.id);
      const since = position.overdueSince ?? '';
      expect(position.daysPastDue).toBeGreaterThan(0);

      const overdue = await reportOverdue(loan.id, { overdueSince: since, daysPastDue: position.daysPastDue, overdueInterest: '1234.56' });
      expect(overdue.status).toBe(200);
      expect(overdue.body).toMatchObject({
        status: 'OVERDUE',
        outstandingPrincipal: '1200000.00',
        overdueSince: since,
        daysPastDue: position.daysPastDue,
        overdueInterest: '1234.56',
        defaultedOn: null,
        accruedInterest: null,
      });
      const later = await reportOverdue(loan.id, { overdueSince: since, daysPastDue: position.daysPastDue, overdueInterest: '2469.12' });
      expect(later.status).toBe(200);
      expect(later.body).toMatchObject({ status: 'OVERDUE', daysPastDue: position.daysPastDue, overdueInterest: '2469.12' });

      // An OVERDUE loan still takes repayments and stays OVERDUE.
      const partial = await repay(loan.id, '500000.00', '2469.12');
      expect(partial.status).toBe(201);
      expect(partial.body).toMatchObject({ status: 'OVERDUE', outstandingPrincipal: '700000.00' });

      const defaulted = await reportDefault(loan.id, { defaultedOn: today(), accruedInterest: '5000.00' });
      expect(defaulted.status).toBe(200);
      expect(defaulted.body).toMatchObject({
        status: 'DEFAULTED',
        outstandingPrincipal: '700000.00',
        defaultedOn: today(),
        accruedInterest: '5000.00',
      });

      const before = await storedLoan(loan.id);
      const refusals = [
        await repay(loan.id, '1.00'),
        await reportOverdue(loan.id, { overdueSince: today(), daysPastDue: 1, overdueInterest: '0.00' }),
        await reportDefault(loan.id, { defaultedOn: today(), accruedInterest: '0.00' }),
      ];
      expect(refusals.map((refusal) => refusal.status)).toEqual([409, 409, 409]);
      expect(refusals.map((refusal) => (refusal.body as ErrorBody).error)).toEqual([
        expect.objectContaining({
          code: 'illegal-transition',
          currentState: 'DEFAULTED',
          message: `loan ${loan.id} is DEFAULTED; only an ACTIVE or OVERDUE loan can be repaid`,
        }),
        expect.objectContaining({
          code: 'illegal-transition',
          currentState: 'DEFAULTED',
          message: `loan ${loan.id} is DEFAULTED; only an ACTIVE or OVERDUE loan can be reported overdue`,
        }),
        expect.objectContaining({
          code: 'illegal-transition',
          currentState: 'DEFAULTED',
          message: `loan ${loan.id} is DEFAULTED; only an ACTIVE or OVERDUE loan can be reported in default`,
        }),
      ]);
      expect(await storedLoan(loan.id)).toEqual(before);
      expect(await sut.prisma.repayment.count({ where: { loanId: loan.id } })).toBe(1);

      const overdueEvents = await sut.publishedEvents('LoanOverdue', loan.id, 2);
      expect(overdueEvents.map((event) => event.payload)).toEqual(
        ['1234.56', '2469.12'].map((overdueInterest) => ({
          loanId: loan.id,
          bankOrgId: 'bank-cq-a',
          overdueSince: since,
          daysPastDue: position.daysPastDue,
          outstandingPrincipal: '1200000.00',
          overdueInterest,
          reportedOn: today(),
          detectedBy: 'bank-report',
        })),
      );
      const [defaultEvent] = await sut.publishedEvents('LoanDefaulted', loan.id, 1);
      expect(defaultEvent).toMatchObject({
        producer: 'lending',
        key: loan.id,
        actor: { orgId: 'bank-cq-a', role: 'bank', userId: 'loan-officer-1' },
      });
      expect(defaultEvent.payload).toEqual({
        loanId: loan.id,
        pledgeId: loan.pledgeId,
        bankOrgId: 'bank-cq-a',
        borrowerUscc: '91350100M000100Y43',
        defaultedOn: today(),
        outstandingPrincipal: '700000.00',
        accruedInterest: '5000.00',
        districtCode: '500101',
      });
      const transitions = await sut.prisma.loanTransition.findMany({ where: { loanId: loan.id }, orderBy: { id: 'asc' } });
      expect(transitions.map((t) => [t.fromStatus, t.toStatus, t.actorOrgId])).toEqual([
        [null, 'ACTIVE', 'bank-cq-a'],
        ['ACTIVE', 'OVERDUE', 'bank-cq-a'],
        ['OVERDUE', 'DEFAULTED', 'bank-cq-a'],
      ]);
    });

    it('refuses implausible figures against the loan’s principal, rate and dates, naming the field and the rule, and changes nothing', async () => {
      // 1,000,000.00 at 4.35 % for 12 months: at most the whole term at twice the rate before maturity.
      const loan = await knownPledgeWithLoan('1000000.00');
      const before = await storedLoan(loan.id);
      const termDays = Math.round((Date.parse(loan.maturityDate) - Date.parse(loan.disbursedOn)) / 86_400_000);
      const bound = Money.of('1000000.00').times(String(termDays)).times(new Decimal('0.087').dividedBy(360)).toString();

      const fivefold = await repay(loan.id, '0.00', '5000000.00');
      expect(fivefold.status).toBe(409);
      expect((fivefold.body as ErrorBody).error).toMatchObject({
        code: 'rule-violated',
        currentState: 'ACTIVE',
        details: [{ field: 'interestAmount', code: 'interest-above-accrual-bound', rule: expect.stringContaining(`利息至多 ${bound} 元`) }],
      });
      const longOverdue = await reportOverdue(loan.id, { overdueSince: today(), daysPastDue: 36_500, overdueInterest: '0.00' });
      expect(longOverdue.status).toBe(400);
      expect((longOverdue.body as ErrorBody).error.details).toEqual([
        {
          field: 'daysPastDue',
          code: 'days-past-due-beyond-dates',
          rule: `逾期天数 36500 天超过逾期起始日 ${today()} 至今日 ${today()} 的 1 天`,
        },
      ]);
      const inflatedOverdue = await reportOverdue(loan.id, { overdueSince: today(), daysPastDue: 1, overdueInterest: '999999.00' });
      expect(inflatedOverdue.status).toBe(409);
      expect((inflatedOverdue.body as ErrorBody).error.details?.[0]).toMatchObject({
        field: 'overdueInterest',
        code: 'interest-above-accrual-bound',
      });
      const inflatedDefault = await reportDefault(loan.id, { defaultedOn: today(), accruedInterest: '999999.00' });
      expect(inflatedDefault.status).toBe(409);
      expect((inflatedDefault.body as ErrorBody).error.details?.[0]).toMatchObject({
        field: 'accruedInterest',
        code: 'interest-above-accrual-bound',
      });
      const tooLarge = await repay(loan.id, '10000000000.01', '0.00');
      expect(tooLarge.status).toBe(400);
      expect((tooLarge.body as ErrorBody).error.details).toEqual([
        { field: 'principalAmount', rule: '单笔金额不得超过 10,000,000,000.00 元（100亿元）', code: 'amount-above-maximum' },
      ]);

      expect(await storedLoan(loan.id)).toEqual(before);
      expect(await sut.prisma.repayment.count({ where: { loanId: loan.id } })).toBe(0);
      expect(await sut.prisma.loanTransition.count({ where: { loanId: loan.id } })).toBe(1);
      expect(await sut.prisma.outbox.count({ where: { type: { in: ['LoanRepaid', 'LoanOverdue', 'LoanDefaulted'] }, key: loan.id } })).toBe(
        0,
      );
    });

    it('refuses bad reports with 400 naming the fields, another bank’s loan with 404, and changes nothing', async () => {
      const loan = await knownPledgeWithLoan('1000000.00');
      const before = await storedLoan(loan.id);

      const malformed = await reportOverdue(loan.id, { overdueSince: '2026-02-30', daysPastDue: 0, overdueInterest: 12 });
      expect(malformed.status).toBe(400);
      expect(((malformed.body as ErrorBody).error.details ?? []).map((issue) => issue.field).sort()).toEqual([
        'daysPastDue',
        'overdueInterest',
        'overdueSince',
      ]);

      const early = await reportOverdue(loan.id, { overdueSince: daysFromToday(-1), daysPastDue: 2, overdueInterest: '0.00' });
      expect(early.status).toBe(400);
      expect((early.body as ErrorBody).error.details).toEqual([
        { field: 'overdueSince', rule: `must not be before the loan was disbursed (${today()})` },
      ]);

      const future = await reportDefault(loan.id, { defaultedOn: '2999-01-01', accruedInterest: '0.00' });
      expect(future.status).toBe(400);
      expect((future.body as ErrorBody).error.details?.map((issue) => issue.field)).toEqual(['defaultedOn']);
      const missing = await reportDefault(loan.id, { accruedInterest: '0.00' });
      expect(missing.status).toBe(400);
      expect((missing.body as ErrorBody).error.details?.map((issue) => issue.field)).toEqual(['defaultedOn']);

      expect((await reportOverdue(loan.id, { overdueSince: today(), daysPastDue: 1, overdueInterest: '0.00' }, BANK_B)).status).toBe(404);
      expect((await reportDefault(loan.id, { defaultedOn: today(), accruedInterest: '0.00' }, BANK_B)).status).toBe(404);
      expect((await reportDefault(`ln_${'0'.repeat(32)}`, { defaultedOn: today(), accruedInterest: '0.00' })).status).toBe(404);
      expect((await reportDefault(loan.id, { defaultedOn: today(), accruedInterest: '0.00' }, BUREAU)).status).toBe(403);

      expect(await storedLoan(loan.id)).toEqual(before);
      const transitions = await sut.prisma.loanTransition.findMany({ where: { loanId: loan.id } });
      expect(transitions.map((t) => t.toStatus)).toEqual(['ACTIVE']);
    });

    it('checks a report against the loan’s schedule: refused while nothing is due, or dated before its arrears, or with more interest (409, nothing stored)', async () => {
      const current = await knownPledgeWithLoan('1000000.00', { repaymentMethod: 'interest-only' });
      const [firstDue] = (await scheduleOf(current.id)).instalments;
      const early = await reportOverdue(current.id, { overdueSince: today(), daysPastDue: 1, overdueInterest: '0.00' });
      expect(early.status).toBe(409);
      expect((early.body as ErrorBody).error).toMatchObject({
        code: 'rule-violated',
        currentState: 'ACTIVE',
        details: [
          {
            field: 'overdueSince',
            code: 'not-overdue-by-schedule',
            rule: `按还款计划，截至 ${today()} 没有到期未还的分期，贷款未逾期；下一期 ${firstDue?.dueOn} 到期`,
          },
        ],
      });

      const late = await loanInArrears();
      const before = await storedLoan(late.id);
      const { position, instalments } = await scheduleOf(late.id);
      const since = position.overdueSince ?? '';
      const inArrears = Money.of(position.overdueInterest).plus(Money.of(position.penaltyLeft));
      const contradicting = await reportOverdue(late.id, {
        overdueSince: addDays(since, -1),
        daysPastDue: position.daysPastDue,
        overdueInterest: inArrears.plus(Money.of('0.01')).toString(),
      });
      expect(contradicting.status).toBe(409);
      expect((contradicting.body as ErrorBody).error.details).toEqual([
        {
          field: 'overdueSince',
          code: 'overdue-before-schedule',
          rule: `逾期起始日 ${addDays(since, -1)} 早于还款计划的最早逾期日 ${since}（第 1 期 ${instalments[0]?.dueOn} 到期未还清）`,
        },
        {
          field: 'overdueInterest',
          code: 'overdue-interest-beyond-schedule',
          rule: `逾期利息 ${inArrears.plus(Money.of('0.01')).toString()} 超过还款计划下逾期未付的利息与罚息 ${inArrears.toString()}（截至 ${today()}）`,
        },
      ]);
      expect([await storedLoan(current.id), await storedLoan(late.id)].map((row) => row.status)).toEqual(['ACTIVE', 'ACTIVE']);
      expect(await storedLoan(late.id)).toEqual(before);
      expect(await sut.prisma.outbox.count({ where: { type: 'LoanOverdue', key: { in: [current.id, late.id] } } })).toBe(0);

      // The schedule's own figures are accepted.
      const agreeing = await reportOverdue(late.id, {
        overdueSince: since,
        daysPastDue: position.daysPastDue,
        overdueInterest: inArrears.toString(),
      });
      expect(agreeing.status).toBe(200);
    });

    it('defaults an ACTIVE loan directly, not before it became overdue when it was', async () => {
      const active = await knownPledgeWithLoan('500000.00');
      const straight = await reportDefault(active.id, { defaultedOn: today(), accruedInterest: '0.00' });
      expect(straight.status).toBe(200);
      expect(straight.body).toMatchObject({ status: 'DEFAULTED', overdueSince: null, defaultedOn: today() });

      const late = await loanInArrears();
      const { position } = await scheduleOf(late.id);
      const since = position.overdueSince ?? '';
      expect(
        (await reportOverdue(late.id, { overdueSince: since, daysPastDue: position.daysPastDue, overdueInterest: '0.00' })).status,
      ).toBe(200);
      const beforeOverdue = await reportDefault(late.id, { defaultedOn: addDays(since, -1), accruedInterest: '0.00' });
      expect(beforeOverdue.status).toBe(400);
      expect((beforeOverdue.body as ErrorBody).error.details).toEqual([
        { field: 'defaultedOn', rule: `must not be before the loan became overdue (${since})` },
      ]);
      expect((await storedLoan(late.id)).status).toBe('OVERDUE');
    });
  });

  describe('dates of outside facts: the bank’s, bounded by the server’s clock', () => {
    afterEach(() => jest.restoreAllMocks());

    /** Moves the server's clock `days` ahead of the real one (the one allowed stand-in: the clock). */
    const serverClockAhead = (days: number) =>
      jest.spyOn(sut.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + days * 86_400_000));
    const post = (path: string, body: Record<string, unknown>) => sut.call<LoanResponse | ErrorBody>('POST', path, BANK_A, body);

    it('judges "not in the future" and the schedule’s arrears by the server’s clock, and dates the overdue report’s receipt by it', async () => {
      const loan = await knownPledgeWithLoan('500000.00', { repaymentMethod: 'interest-only' });
      expect(
        (await post(`/api/loans/${loan.id}/repayments`, { principalAmount: '1.00', interestAmount: '0.00', repaidOn: daysFromToday(2) }))
          .status,
      ).toBe(400);
      serverClockAhead(3);
      expect(
        (await post(`/api/loans/${loan.id}/repayments`, { principalAmount: '1.00', interestAmount: '0.00', repaidOn: daysFromToday(2) }))
          .status,
      ).toBe(201);
      // Three days in, the first month's interest is not due: not overdue by the schedule.
      expect(
        (await post(`/api/loans/${loan.id}/overdue`, { overdueSince: daysFromToday(1), daysPastDue: 2, overdueInterest: '0.00' })).status,
      ).toBe(409);
      // Forty days in, it fell due and was not paid.
      jest.restoreAllMocks();
      serverClockAhead(40);
      const { position } = await scheduleOf(loan.id);
      expect(position.asOf).toBe(daysFromToday(40));
      const since = position.overdueSince ?? '';
      expect((await post(`/api/loans/${loan.id}/overdue`, { overdueSince: since, daysPastDue: 1, overdueInterest: '0.00' })).status).toBe(
        200,
      );
      const [overdue] = await sut.publishedEvents('LoanOverdue', loan.id, 1);
      expect(overdue.payload).toMatchObject({ overdueSince: since, reportedOn: daysFromToday(40) });
    });

    it('refuses a repayment or a default dated before the last repayment, naming it', async () => {
      const loan = await knownPledgeWithLoan('500000.00');
      serverClockAhead(3);
      expect(
        (await post(`/api/loans/${loan.id}/repayments`, { principalAmount: '1.00', interestAmount: '0.00', repaidOn: daysFromToday(2) }))
          .status,
      ).toBe(201);
      const earlierRepayment = await post(`/api/loans/${loan.id}/repayments`, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: daysFromToday(1),
      });
      expect(earlierRepayment.status).toBe(400);
      expect((earlierRepayment.body as ErrorBody).error.details).toEqual([
        { field: 'repaidOn', rule: `must not be before the last repayment (${daysFromToday(2)})` },
      ]);
      const earlierDefault = await post(`/api/loans/${loan.id}/default`, { defaultedOn: daysFromToday(1), accruedInterest: '0.00' });
      expect(earlierDefault.status).toBe(400);
      expect((earlierDefault.body as ErrorBody).error.details).toEqual([
        { field: 'defaultedOn', rule: `must not be before the last repayment (${daysFromToday(2)})` },
      ]);
      expect((await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } })).status).toBe('ACTIVE');
    });

    it('refuses a disbursement dated further back than BACKDATING_LIMIT_DAYS, naming the field and the limit', async () => {
      const answer = await sut.call<ErrorBody>(
        'POST',
        '/api/loans',
        BANK_A,
        disbursement(newPledgeId(), '1.00', { disbursedOn: '2000-01-03' }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error.details).toEqual([
        {
          field: 'disbursedOn',
          rule: expect.stringMatching(/^must not be more than 1461 days back \(BACKDATING_LIMIT_DAYS\): on or after \d{4}-\d{2}-\d{2}$/),
        },
      ]);
    });
  });

  describe('recovery settlement (RecoveryDistributed)', () => {
    const reportDefault = (loanId: string) =>
      sut.call<LoanResponse | ErrorBody>('POST', `/api/loans/${loanId}/default`, BANK_A, {
        defaultedOn: today(),
        accruedInterest: '1000.00',
      });

    async function defaultedLoan(): Promise<LoanResponse> {
      const loan = await knownPledgeWithLoan('500000.00');
      const defaulted = await reportDefault(loan.id);
      expect(defaulted.status).toBe(200);
      return defaulted.body as LoanResponse;
    }

    it('closes a DEFAULTED loan with reason recovery-settled and publishes LoanClosed with that reason', async () => {
      const loan = await defaultedLoan();
      const recovery = recoveryDistributed(loan);
      const [position] = await sut.produce(recovery);
      await sut.consumedPast(position);

      const closed = await sut.call<LoanResponse>('GET', `/api/loans/${loan.id}`, BANK_A);
      expect(closed.body).toMatchObject({
        status: 'CLOSED',
        closedOn: today(),
        closeReason: 'recovery-settled',
        defaultedOn: today(),
        outstandingPrincipal: '500000.00',
      });
      const [event] = await sut.publishedEvents('LoanClosed', loan.id, 1);
      expect(event).toMatchObject({
        producer: 'lending',
        key: loan.id,
        causationId: recovery.eventId,
        correlationId: recovery.correlationId,
        actor: { orgId: 'ipledger-lending', role: 'system', userId: null },
      });
      expect(event.payload).toEqual({
        loanId: loan.id,
        pledgeId: loan.pledgeId,
        bankOrgId: 'bank-cq-a',
        closedOn: today(),
        reason: 'recovery-settled',
      });
      const transitions = await sut.prisma.loanTransition.findMany({ where: { loanId: loan.id }, orderBy: { id: 'asc' } });
      expect(transitions.map((t) => [t.fromStatus, t.toStatus, t.actorOrgId, t.causationId])).toEqual([
        [null, 'ACTIVE', 'bank-cq-a', expect.any(String)],
        ['ACTIVE', 'DEFAULTED', 'bank-cq-a', expect.any(String)],
        ['DEFAULTED', 'CLOSED', 'ipledger-lending', recovery.eventId],
      ]);

      // A closed loan takes no repayment.
      const repaid = await sut.call<ErrorBody>('POST', `/api/loans/${loan.id}/repayments`, BANK_A, {
        principalAmount: '1.00',
        interestAmount: '0.00',
        repaidOn: today(),
      });
      expect(repaid.status).toBe(409);
      expect(repaid.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'CLOSED' });
    });

    it('changes nothing when delivered twice, or when another copy of the settlement arrives: one transition, one LoanClosed', async () => {
      const loan = await defaultedLoan();
      const recovery = recoveryDistributed(loan);
      const copy = { ...recovery, eventId: randomUUID() };
      const positions = await sut.produce(recovery, recovery, copy);
      for (const position of positions) await sut.consumedPast(position);
      await sut.publishedEvents('LoanClosed', loan.id, 1);

      const transitions = await sut.prisma.loanTransition.findMany({ where: { loanId: loan.id, toStatus: 'CLOSED' } });
      expect(transitions).toHaveLength(1);
      // LoanClosed goes through the outbox in the transition's transaction: one row, one event.
      expect(await sut.prisma.outbox.count({ where: { key: loan.id, type: 'LoanClosed' } })).toBe(1);
      expect((await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } })).closeReason).toBe('recovery-settled');
    });

    it('dead-letters a recovery for an ACTIVE loan with the reason, and leaves the loan ACTIVE', async () => {
      const deadLetters = await sut.readTopic(deadLetterTopicName('lending', sut.prefix), (value) =>
        DeadLetterSchema.parse(JSON.parse(value)),
      );
      const loan = await knownPledgeWithLoan('500000.00');
      const before = await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } });
      const recovery = recoveryDistributed(loan);
      const [position] = await sut.produce(recovery);
      await sut.consumedPast(position);

      const deadLetter = await pollUntil(
        () => deadLetters.find((letter) => JSON.parse(letter.originalValue).eventId === recovery.eventId),
        {
          description: 'the recovery for an ACTIVE loan in the dead-letter topic',
        },
      );
      expect(deadLetter).toMatchObject({ reason: 'handler-failed', attempts: 2, originalKey: FUND });
      expect(deadLetter.error).toBe(
        `RecoveryDistributed ${recovery.eventId}: loan ${loan.id} is ACTIVE; only a DEFAULTED loan can be closed by a recovery settlement`,
      );
      expect(await sut.prisma.loan.findUniqueOrThrow({ where: { id: loan.id } })).toEqual(before);
      expect(await sut.prisma.loanTransition.count({ where: { loanId: loan.id } })).toBe(1);
    });

    it('dead-letters a recovery for an unknown loan, naming it', async () => {
      const deadLetters = await sut.readTopic(deadLetterTopicName('lending', sut.prefix), (value) =>
        DeadLetterSchema.parse(JSON.parse(value)),
      );
      const unknown = { id: `ln_${'0'.repeat(31)}9`, pledgeId: newPledgeId(), bankOrgId: 'bank-cq-a' };
      const recovery = recoveryDistributed(unknown);
      await sut.produce(recovery);
      const deadLetter = await pollUntil(
        () => deadLetters.find((letter) => JSON.parse(letter.originalValue).eventId === recovery.eventId),
        {
          description: 'the recovery for an unknown loan in the dead-letter topic',
        },
      );
      expect(deadLetter.error).toBe(`RecoveryDistributed ${recovery.eventId}: loan ${unknown.id} is unknown here`);
    });
  });
});
