// The ledger service in-process against a real PostgreSQL and Kafka: loan events produced to the
// loan topic as lending would, balances read back through the HTTP API, and the stored journal
// checked with SQL (balanced entries, append-only tables) and with the hash chain.
import { randomUUID } from 'node:crypto';
import {
  AccountListResponse,
  AccountResponse,
  DeadLetterSchema,
  deadLetterTopicName,
  ErrorBody,
  JournalEntryListResponse,
  JournalEntryPostedV1,
  JournalEntryResponse,
  topicName,
  TrialBalanceResponse,
  type EventEnvelope,
} from '@ipledger/contracts';
import { createPrismaClient } from '@ipledger/db';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { pollUntil, serviceUnderTest, actingAs } from '@ipledger/testing';
import type { z } from 'zod';
import { compensationPaidEntry } from './domain/compensation-posting-rules';
import { assertPostable } from './domain/journal-entry';
import { disbursementEntry } from './domain/posting-rules';
import { loadLedgerConfig } from './ledger.config';
import { LedgerModule } from './ledger.module';
import { LedgerBatchConsumer } from './ledger-batch.consumer';
import { JournalPoster } from './journal-poster';
import { LedgerService } from './ledger.service';
import {
  APPRAISER,
  compensationApproved,
  compensationPaid,
  compensationSharePaid,
  compensationShortfallSettled,
  FUND,
  fundBudgetOpened,
  loanShortfallSettled,
  GUARANTOR,
  loanCompensationApproved,
  loanRecoverySettled,
  recoveryDistributed,
} from './test-support/compensation-events';
import { loanDefaulted, loanDisbursed, loanInterestAccrued, loanRepaid } from './test-support/loan-events';
import { SCHEME, subsidyApproved, subsidyPaid } from './test-support/subsidy-events';
import { PrismaClient } from './database';

const BANK_A = 'bank-cq-a';
const BANK_B = 'bank-cq-b';
const LOAN_A = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f01';
const LOAN_B = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f02';
const LOAN_C = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f03';
const BANK_D = 'bank-cq-d';
const LOAN_D = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f04';
const BANK_E = 'bank-cq-e';
const LOAN_E = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f05';
const BANK_F = 'bank-cq-f';
const LOAN_F = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f06';
const BANK_G = 'bank-cq-g';
const LOAN_G = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f07';
const FUND_F = 'pol_0195a1b2c3d47e5f8a6b7c8d9e0f1a09';
const BANK_H = 'bank-cq-h';
const LOAN_H = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f08';
const FUND_H = 'pol_0195a1b2c3d47e5f8a6b7c8d9e0f1a0a';
const repaymentId = (n: number) => `rp_0193c4a0b1c27d3e8f9a0b1c2d3e4${n.toString(16).padStart(3, '0')}`;

const BUREAU = actingAs({ orgId: 'bureau-cq', role: 'bureau' });
const asBank = (orgId: string) => actingAs({ orgId, role: 'bank' });

describe('the ledger service on a real broker and database', () => {
  const sut = serviceUnderTest(
    {
      service: 'ledger',
      schema: 'ledger',
      prismaClient: PrismaClient,
      consumer: 'ledger',
      module: LedgerModule,
      retry: { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    },
    {
      createApp: (definition, env) =>
        createServiceApp(
          { ...definition, module: LedgerModule.withConfig(loadLedgerConfig(env)), batchConsumer: LedgerBatchConsumer },
          loadConfig(ServiceConfigSchema, env),
        ),
    },
  );

  const disbursedA = loanDisbursed({ loanId: LOAN_A, bankOrgId: BANK_A, principal: '1000000.01' });
  const repaidA1 = loanRepaid({
    loanId: LOAN_A,
    bankOrgId: BANK_A,
    repaymentId: repaymentId(1),
    principalAmount: '333333.33',
    interestAmount: '3625.00',
    outstandingPrincipal: '666666.68',
  });
  const repaidA2 = loanRepaid({
    loanId: LOAN_A,
    bankOrgId: BANK_A,
    repaymentId: repaymentId(2),
    principalAmount: '0.00',
    interestAmount: '0.01',
    outstandingPrincipal: '666666.68',
  });
  const disbursedB = loanDisbursed({ loanId: LOAN_B, bankOrgId: BANK_B, principal: '500000.00' });
  const repaidB = loanRepaid({
    loanId: LOAN_B,
    bankOrgId: BANK_B,
    repaymentId: repaymentId(3),
    principalAmount: '500000.00',
    interestAmount: '0.00',
    outstandingPrincipal: '0.00',
  });

  async function get<S extends z.ZodType>(path: string, schema: S, headers: Record<string, string> = BUREAU): Promise<z.infer<S>> {
    const response = await sut.call<unknown>('GET', path, headers);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return schema.parse(response.body);
  }

  async function status(path: string, headers: Record<string, string>): Promise<{ status: number; body: z.infer<typeof ErrorBody> }> {
    const response = await sut.call<unknown>('GET', path, headers);
    return { status: response.status, body: ErrorBody.parse(response.body) };
  }

  const account = (code: string, headers: Record<string, string> = BUREAU) =>
    get(`/api/ledger/accounts/${encodeURIComponent(code)}`, AccountResponse, headers);
  const trialBalance = () => get('/api/ledger/trial-balance', TrialBalanceResponse);

  describe('posting disbursements and repayments', () => {
    beforeAll(async () => {
      await sut.produce(disbursedA, disbursedB, repaidA1, repaidB, repaidA2);
      await pollUntil(async () => (await trialBalance()).entryCount === '5', { description: 'five journal entries' });
    });

    it('holds exact balances, signed on each account’s normal side', async () => {
      expect(await account(`loan:${BANK_A}:${LOAN_A}:principal`)).toEqual({
        code: `loan:${BANK_A}:${LOAN_A}:principal`,
        type: 'asset',
        normalSide: 'DEBIT',
        partyType: 'loan',
        partyId: LOAN_A,
        debitsPosted: '1000000.01',
        creditsPosted: '333333.33',
        balance: '666666.68',
      });
      expect(await account(`bank:${BANK_A}:cash`)).toMatchObject({
        debitsPosted: '336958.34',
        creditsPosted: '1000000.01',
        balance: '-663041.67',
      });
      expect(await account(`bank:${BANK_A}:interest-income`)).toMatchObject({
        normalSide: 'CREDIT',
        creditsPosted: '3625.01',
        balance: '3625.01',
      });
      expect(await account(`loan:${BANK_B}:${LOAN_B}:principal`)).toMatchObject({ balance: '0.00' });
      expect(await account(`bank:${BANK_B}:cash`)).toMatchObject({
        debitsPosted: '500000.00',
        creditsPosted: '500000.00',
        balance: '0.00',
      });
    });

    it('opens no account for a leg that was left out (a repayment without interest)', async () => {
      expect(await status(`/api/ledger/accounts/bank:${BANK_B}:interest-income`, BUREAU)).toMatchObject({ status: 404 });
    });

    it('has a balanced trial balance', async () => {
      expect(await trialBalance()).toEqual({
        totalDebits: '2336958.35',
        totalCredits: '2336958.35',
        balanced: true,
        entryCount: '5',
        accountCount: 5,
      });
    });

    it('stores every entry with debits equal to credits, and so the whole journal', async () => {
      const perEntry = await sut.prisma.$queryRawUnsafe<{ entry_id: string; debits: string; credits: string; legs: number }[]>(
        `SELECT entry_id,
                sum(amount) FILTER (WHERE direction = 'DEBIT')::text AS debits,
                sum(amount) FILTER (WHERE direction = 'CREDIT')::text AS credits,
                count(*)::int AS legs
           FROM ledger.postings GROUP BY entry_id`,
      );
      expect(perEntry).toHaveLength(5);
      for (const entry of perEntry) {
        expect(entry.debits).toBe(entry.credits);
        expect(entry.legs).toBeGreaterThanOrEqual(2);
      }
      const [total] = await sut.prisma.$queryRawUnsafe<{ debits: string; credits: string }[]>(
        `SELECT sum(amount) FILTER (WHERE direction = 'DEBIT')::text AS debits, sum(amount) FILTER (WHERE direction = 'CREDIT')::text AS credits FROM ledger.postings`,
      );
      expect(total).toEqual({ debits: '2336958.35', credits: '2336958.35' });
    });

    it('lists the journal in sequence order, each entry naming the previous one’s hash', async () => {
      const { items } = await get('/api/ledger/entries?limit=10', JournalEntryListResponse);
      expect(items.map((entry) => entry.sequence)).toEqual(['1', '2', '3', '4', '5']);
      expect(items[0].previousHash).toBe('0'.repeat(64));
      items.slice(1).forEach((entry, index) => expect(entry.previousHash).toBe(items[index].hash));
      const byEvent = new Map(items.map((entry) => [entry.eventId, entry]));
      expect(byEvent.get(repaidA2.eventId)).toMatchObject({
        eventType: 'LoanRepaid',
        effectiveDate: '2026-06-02',
        correlationId: repaidA2.correlationId,
        reversesEntryId: null,
        postings: [
          { accountCode: `bank:${BANK_A}:cash`, direction: 'DEBIT', amount: '0.01' },
          { accountCode: `bank:${BANK_A}:interest-income`, direction: 'CREDIT', amount: '0.01' },
        ],
      });
      expect(
        (await get('/api/ledger/entries?limit=2&afterSequence=3', JournalEntryListResponse)).items.map((entry) => entry.sequence),
      ).toEqual(['4', '5']);
    });

    it('gives an account’s statement: the entries that touch it', async () => {
      const { items } = await get(
        `/api/ledger/accounts/loan:${BANK_A}:${LOAN_A}:principal/entries`,
        JournalEntryListResponse,
        asBank(BANK_A),
      );
      expect(items.map((entry) => entry.eventId)).toEqual([disbursedA.eventId, repaidA1.eventId]);
    });

    it('verifies: the chain recomputes to the stored head, totals match the postings', async () => {
      const verification = await sut.app.get(LedgerService).verify();
      expect(verification).toMatchObject({
        ok: true,
        chain: { ok: true, entriesChecked: 5 },
        accountsOutOfBalance: [],
        unbalancedEntries: [],
      });
    });

    it('announces every entry on the ledger topic', async () => {
      const posted = await sut.readTopic(topicName('ledger', sut.prefix), (value) =>
        JournalEntryPostedV1.parse((JSON.parse(value) as EventEnvelope<'JournalEntryPosted'>).payload),
      );
      await pollUntil(() => posted.length >= 5, { description: 'five JournalEntryPosted events' });
      expect(posted.map((event) => event.sequence).sort()).toEqual(['1', '2', '3', '4', '5']);
      expect(posted.find((event) => event.sourceEventId === disbursedB.eventId)?.postings).toEqual([
        { accountCode: `loan:${BANK_B}:${LOAN_B}:principal`, direction: 'DEBIT', amount: '500000.00' },
        { accountCode: `bank:${BANK_B}:cash`, direction: 'CREDIT', amount: '500000.00' },
      ]);
    });
  });

  describe('the same event twice', () => {
    it('is posted once when Kafka delivers it again', async () => {
      const before = await get('/api/ledger/accounts', AccountListResponse);
      const trialBefore = await trialBalance();
      await sut.produce(repaidA1, disbursedB);
      await sut.consumedAll('loan');
      expect(await trialBalance()).toEqual(trialBefore);
      expect(await get('/api/ledger/accounts', AccountListResponse)).toEqual(before);
    });

    it('is posted once even past the inbox: the entry’s event id is its idempotency key', async () => {
      const journal = sut.app.get(JournalPoster);
      const outcome = await sut.prisma.$transaction((tx) => journal.post(tx, disbursementEntry(disbursedA)));
      expect(outcome).toEqual({ status: 'already-posted', entryId: expect.stringMatching(/^je_/) });
      expect((await trialBalance()).entryCount).toBe('5');
    });
  });

  describe('a repayment of more principal than is owed', () => {
    it('is refused, dead-lettered with the reason, and does not block the loan’s later events', async () => {
      const deadLetters = await sut.readTopic(deadLetterTopicName('ledger', sut.prefix), (value) =>
        DeadLetterSchema.parse(JSON.parse(value)),
      );

      const disbursedC = loanDisbursed({ loanId: LOAN_C, bankOrgId: BANK_A, principal: '100.00' });
      const overpaid = loanRepaid({
        loanId: LOAN_C,
        bankOrgId: BANK_A,
        repaymentId: repaymentId(4),
        principalAmount: '100.01',
        interestAmount: '0.00',
        outstandingPrincipal: '0.00',
      });
      const repaidC = loanRepaid({
        loanId: LOAN_C,
        bankOrgId: BANK_A,
        repaymentId: repaymentId(5),
        principalAmount: '100.00',
        interestAmount: '1.00',
        outstandingPrincipal: '0.00',
      });
      // Produced together, the three reach the ledger in one fetch and are posted in one transaction
      // (event-consumer.ts): the overpayment, taking the hot account below zero in the middle of
      // it, fails that transaction; the three are then posted one by one, the overpayment
      // dead-lettered alone (its try in the shared transaction counted among its attempts).
      await sut.produce(disbursedC, overpaid, repaidC);

      const [deadLetter] = await pollUntil(() => deadLetters.length > 0 && deadLetters, {
        description: 'the overpayment in the dead-letter topic',
      });
      expect(deadLetter).toMatchObject({ reason: 'handler-failed', attempts: 2, originalKey: LOAN_C });
      expect(deadLetter.error).toContain(`loan:${BANK_A}:${LOAN_C}:principal would go to -0.01 (from 100.00); it may not go below zero`);
      expect(JSON.parse(deadLetter.originalValue)).toMatchObject({ eventId: overpaid.eventId });

      await pollUntil(async () => (await account(`loan:${BANK_A}:${LOAN_C}:principal`)).balance === '0.00', {
        description: 'the later repayment posted',
      });
      const entries = await sut.prisma.journalEntry.findMany({ where: { eventId: { in: [overpaid.eventId, repaidC.eventId] } } });
      expect(entries.map((entry) => entry.eventId)).toEqual([repaidC.eventId]);
      expect(await sut.app.get(LedgerService).verify()).toMatchObject({ ok: true, chain: { entriesChecked: 7 } });
    });
  });

  describe('who may read what', () => {
    it('lets a bank read its own accounts and entries only; another bank’s are not found', async () => {
      const own = await get('/api/ledger/accounts', AccountListResponse, asBank(BANK_A));
      expect(own.items.length).toBeGreaterThan(0);
      expect(own.items.every((item) => item.code.startsWith(`bank:${BANK_A}:`) || item.code.startsWith(`loan:${BANK_A}:`))).toBe(true);
      expect(await account(`bank:${BANK_A}:cash`, asBank(BANK_A))).toMatchObject({ partyId: BANK_A });

      const notFound = await status(`/api/ledger/accounts/bank:${BANK_B}:cash`, asBank(BANK_A));
      expect(notFound).toMatchObject({
        status: 404,
        body: { error: { code: 'not-found', message: `account bank:${BANK_B}:cash was not found` } },
      });
      expect((await status(`/api/ledger/accounts/loan:${BANK_B}:${LOAN_B}:principal/entries`, asBank(BANK_A))).status).toBe(404);

      const [entryOfB] = (await get(`/api/ledger/accounts/bank:${BANK_B}:cash/entries`, JournalEntryListResponse)).items;
      expect((await status(`/api/ledger/entries/${entryOfB.id}`, asBank(BANK_A))).status).toBe(404);
      expect(await get(`/api/ledger/entries/${entryOfB.id}`, JournalEntryResponse, asBank(BANK_B))).toMatchObject({ id: entryOfB.id });
    });

    it('filters accounts by party and by code prefix, taking "_" literally', async () => {
      const byParty = await get(`/api/ledger/accounts?partyType=loan&partyId=${LOAN_A}`, AccountListResponse);
      expect(byParty.items.map((item) => item.code)).toEqual([`loan:${BANK_A}:${LOAN_A}:principal`]);
      const byPrefix = await get(`/api/ledger/accounts?prefix=${encodeURIComponent(`loan:${BANK_A}:ln_`)}`, AccountListResponse);
      expect(byPrefix.items.map((item) => item.code)).toEqual([`loan:${BANK_A}:${LOAN_A}:principal`, `loan:${BANK_A}:${LOAN_C}:principal`]);
      expect((await get(`/api/ledger/accounts?prefix=${encodeURIComponent('loan:bank-cq-_')}`, AccountListResponse)).items).toEqual([]);
    });

    it('keeps the journal and the trial balance to the bureau', async () => {
      expect((await status('/api/ledger/entries', asBank(BANK_A))).status).toBe(403);
      expect((await status('/api/ledger/trial-balance', asBank(BANK_A))).status).toBe(403);
    });

    it('answers 404 for an unknown account, a code outside the chart and an unknown entry', async () => {
      expect((await status(`/api/ledger/accounts/bank:bank-unknown:cash`, BUREAU)).status).toBe(404);
      expect((await status(`/api/ledger/accounts/${encodeURIComponent('no such account')}`, BUREAU)).status).toBe(404);
      expect((await status('/api/ledger/entries/je_0193c4a0b1c27d3e8f9a0b1c2d3e4fff', BUREAU)).status).toBe(404);
    });
  });

  describe('postings at the same moment', () => {
    it('queue on the accounts they share, in code order, so none deadlocks and the chain stays gap-free', async () => {
      const concurrent = createPrismaClient(PrismaClient, { url: sut.databaseUrl, poolSize: 12 }); // as the ledger's own role
      const journal = sut.app.get(JournalPoster);
      const x = 'bank:bank-cq-x:cash';
      const y = 'bank:bank-cq-y:cash';
      const before = BigInt((await trialBalance()).entryCount);
      try {
        // Half list x first, half y first: locking in listing order would deadlock.
        const drafts = Array.from({ length: 24 }, (_, n) =>
          assertPostable({
            eventId: randomUUID(),
            eventType: 'ConcurrencyProbe',
            description: `probe ${n}`,
            effectiveDate: '2026-07-01',
            correlationId: `probe-${n}`,
            reversesEntryId: null,
            postings:
              n % 2 === 0
                ? [
                    { accountCode: x, direction: 'DEBIT', amount: '1.00' },
                    { accountCode: y, direction: 'CREDIT', amount: '1.00' },
                  ]
                : [
                    { accountCode: y, direction: 'DEBIT', amount: '0.01' },
                    { accountCode: x, direction: 'CREDIT', amount: '0.01' },
                  ],
          }),
        );
        // Twice the pool's connections: half wait for one. Prisma gives up waiting after 2 s by
        // default (maxWait), which a loaded machine exceeds; the test is about the locks, not the pool.
        const outcomes = await Promise.all(
          drafts.map((draft) => concurrent.$transaction((tx) => journal.post(tx, draft), { timeout: 60_000, maxWait: 60_000 })),
        );
        expect(outcomes.every((outcome) => outcome.status === 'posted')).toBe(true);
      } finally {
        await concurrent.$disconnect();
      }
      expect(BigInt((await trialBalance()).entryCount)).toBe(before + 24n);
      expect(await account(x)).toMatchObject({ debitsPosted: '12.00', creditsPosted: '0.12', balance: '11.88' });
      expect(await account(y)).toMatchObject({ balance: '-11.88' });
      expect(await sut.app.get(LedgerService).verify()).toMatchObject({ ok: true, chain: { ok: true, head: { sequence: before + 24n } } });
    });
  });

  describe('a default', () => {
    it('reclassifies the outstanding principal to principal-defaulted, exact to the fen, moving no cash', async () => {
      const disbursedD = loanDisbursed({ loanId: LOAN_D, bankOrgId: BANK_D, principal: '800000.01' });
      const repaidD = loanRepaid({
        loanId: LOAN_D,
        bankOrgId: BANK_D,
        repaymentId: repaymentId(6),
        principalAmount: '200000.00',
        interestAmount: '1000.00',
        outstandingPrincipal: '600000.01',
      });
      const defaultedD = loanDefaulted({
        loanId: LOAN_D,
        bankOrgId: BANK_D,
        outstandingPrincipal: '600000.01',
        accruedInterest: '2175.00',
        defaultedOn: '2026-09-02',
      });
      await sut.produce(disbursedD, repaidD, defaultedD);
      await pollUntil(
        async () =>
          (await sut.call<unknown>('GET', `/api/ledger/accounts/loan:${BANK_D}:${LOAN_D}:principal-defaulted`, BUREAU)).status === 200 ||
          undefined,
        { description: 'the default of LOAN_D posted' },
      );

      expect(await account(`loan:${BANK_D}:${LOAN_D}:principal-defaulted`)).toEqual({
        code: `loan:${BANK_D}:${LOAN_D}:principal-defaulted`,
        type: 'asset',
        normalSide: 'DEBIT',
        partyType: 'loan',
        partyId: LOAN_D,
        debitsPosted: '600000.01',
        creditsPosted: '0.00',
        balance: '600000.01',
      });
      expect(await account(`loan:${BANK_D}:${LOAN_D}:principal`)).toMatchObject({
        debitsPosted: '800000.01',
        creditsPosted: '800000.01',
        balance: '0.00',
      });
      // Cash saw the disbursement and the repayment only: -800,000.01 + 201,000.00.
      expect(await account(`bank:${BANK_D}:cash`)).toMatchObject({
        debitsPosted: '201000.00',
        creditsPosted: '800000.01',
        balance: '-599000.01',
      });

      const statement = await get(`/api/ledger/accounts/loan:${BANK_D}:${LOAN_D}:principal-defaulted/entries`, JournalEntryListResponse);
      expect(statement.items).toHaveLength(1);
      const [entry] = statement.items;
      expect(entry).toMatchObject({ eventType: 'LoanDefaulted', effectiveDate: '2026-09-02' });
      expect(entry.postings.map((posting) => [posting.accountCode, posting.direction, posting.amount])).toEqual([
        [`loan:${BANK_D}:${LOAN_D}:principal-defaulted`, 'DEBIT', '600000.01'],
        [`loan:${BANK_D}:${LOAN_D}:principal`, 'CREDIT', '600000.01'],
      ]);
      const trial = await trialBalance();
      expect(trial.balanced).toBe(true);
      expect(trial.totalDebits).toBe(trial.totalCredits);
    });
  });

  describe('risk compensation of a defaulted loan, from budget to write-off (风险补偿 / 代偿 / 追偿 / 核销)', () => {
    // The contracts' worked example on its own bank and loan: 2,000,000.00 outstanding at default;
    // fund 500,000.00, guarantor 300,000.00, appraiser 100,000.00, bank 100,000.00 approved; the fund
    // pays its part; 800,000.00 of net proceeds shared back; 1,100,000.00 written off.
    const onLoanE = { loanId: LOAN_E, bankOrgId: BANK_E };
    const disbursedE = loanDisbursed({ ...onLoanE, principal: '3000000.00' });
    const repaidE = loanRepaid({
      ...onLoanE,
      repaymentId: repaymentId(7),
      principalAmount: '1000000.00',
      interestAmount: '10875.00',
      outstandingPrincipal: '2000000.00',
    });
    const defaultedE = loanDefaulted({
      ...onLoanE,
      outstandingPrincipal: '2000000.00',
      accruedInterest: '21750.00',
      defaultedOn: '2025-12-10',
    });
    const budget = fundBudgetOpened({ fundId: FUND, budgetYear: 2026, appropriated: '50000000.00' });
    const approved = compensationApproved({
      ...onLoanE,
      parts: [
        { party: 'fund', orgId: FUND, share: '0.5', amount: '500000.00' },
        { party: 'guarantor', orgId: GUARANTOR, share: '0.3', amount: '300000.00' },
        { party: 'appraiser', orgId: APPRAISER, share: '0.1', amount: '100000.00' },
        { party: 'bank', orgId: BANK_E, share: '0.1', amount: '100000.00' },
      ],
    });
    const paid = compensationPaid({ ...onLoanE, amount: '500000.00' });
    const recovered = recoveryDistributed({
      ...onLoanE,
      returns: [
        { party: 'fund', orgId: FUND, bore: '500000.00', returned: '400000.00' },
        { party: 'guarantor', orgId: GUARANTOR, bore: '300000.00', returned: '240000.00' },
        { party: 'appraiser', orgId: APPRAISER, bore: '100000.00', returned: '80000.00' },
        { party: 'bank', orgId: BANK_E, bore: '100000.00', returned: '80000.00' },
      ],
    });
    // The loan's side of the approval and of the recovery, on the loans topic after the default.
    const loanApproved = loanCompensationApproved({ ...onLoanE, owedToBank: '900000.00', outstandingPrincipal: '2000000.00' });
    const loanRecovered = loanRecoverySettled({ ...onLoanE, keptByBank: '80000.00', principalWrittenOff: '1100000.00' });
    const compensationEvents = [budget, approved, paid, recovered];
    const loanEvents = [disbursedE, repaidE, defaultedE, loanApproved, loanRecovered];
    const balanceOf = async (code: string) => (await account(code)).balance;
    const entriesOf = (events: readonly { eventId: string }[]) =>
      sut.prisma.journalEntry.count({ where: { eventId: { in: events.map((event) => event.eventId) } } });
    let fundSidePostedBeforeTheLoansEvents = false;

    beforeAll(async () => {
      // The fund's events first, and all of them post: none touches the loan, so none waits for
      // the loan's default, which travels on another topic. Then the loan's, in their order.
      await sut.produce(...compensationEvents);
      await pollUntil(async () => (await entriesOf(compensationEvents)) === 4, { description: 'the four fund-side entries posted' });
      fundSidePostedBeforeTheLoansEvents = (await entriesOf(loanEvents)) === 0;
      await sut.produce(...loanEvents);
      await pollUntil(async () => (await entriesOf(loanEvents)) === 5, { description: 'the five loan entries posted' });
    });

    it('posts the fund’s side of an approval and a recovery before the loan’s default exists: nothing waits on another topic', async () => {
      expect(fundSidePostedBeforeTheLoansEvents).toBe(true);
      const [defaultEntry, loanApprovalEntry, loanRecoveryEntry] = await Promise.all(
        [defaultedE, loanApproved, loanRecovered].map((event) =>
          sut.prisma.journalEntry.findUniqueOrThrow({ where: { eventId: event.eventId } }),
        ),
      );
      expect(loanApprovalEntry.sequence).toBeGreaterThan(defaultEntry.sequence);
      expect(loanRecoveryEntry.sequence).toBeGreaterThan(loanApprovalEntry.sequence);
    });

    it('still waits for a fact that is genuinely missing: a version-1 approval (the whole posting) before its loan’s default', async () => {
      // Its own bank and fund, so that the other checks' balances stay as they are.
      const onLoanF = { loanId: LOAN_F, bankOrgId: BANK_F };
      const approvedV1 = compensationApproved(
        { ...onLoanF, fundId: FUND_F, parts: [{ party: 'fund', orgId: FUND_F, share: '1', amount: '1000.00' }], fundPayable: '1000.00' },
        { version: 1 },
      );
      const [position] = await sut.produce(approvedV1);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // tried, and found the default missing
      expect(await entriesOf([approvedV1])).toBe(0);
      await sut.produce(
        loanDisbursed({ ...onLoanF, principal: '5000.00' }),
        loanDefaulted({ ...onLoanF, outstandingPrincipal: '5000.00' }),
      );
      if (position) await sut.consumedPast(position);
      expect(await entriesOf([approvedV1])).toBe(1);
      expect(await balanceOf(`loan:${BANK_F}:${LOAN_F}:principal-defaulted`)).toBe('4000.00');
    });

    it('settles the defaulted principal: compensated, then the rest written off, to 0.00', async () => {
      expect(await account(`loan:${BANK_E}:${LOAN_E}:principal-defaulted`)).toMatchObject({
        debitsPosted: '2000000.00',
        creditsPosted: '2000000.00',
        balance: '0.00',
      });
      expect(await account(`bank:${BANK_E}:credit-loss`)).toMatchObject({ type: 'expense', balance: '1100000.00' });
      const statement = await get(`/api/ledger/accounts/loan:${BANK_E}:${LOAN_E}:principal-defaulted/entries`, JournalEntryListResponse);
      expect(statement.items.map((entry) => [entry.eventType, entry.effectiveDate])).toEqual([
        ['LoanDefaulted', '2025-12-10'],
        ['LoanCompensationApproved', '2026-01-05'],
        ['LoanRecoverySettled', '2026-06-30'],
      ]);
    });

    it('leaves the fund with its appropriation − what it paid + what came back, charged to the budget year', async () => {
      expect(await account(`fund:${FUND}:cash`)).toMatchObject({
        debitsPosted: '50400000.00',
        creditsPosted: '500000.00',
        balance: '49900000.00',
      });
      expect(await balanceOf(`fund:${FUND}:appropriations:2026`)).toBe('50000000.00');
      expect(await balanceOf(`fund:${FUND}:compensation-expense:2026`)).toBe('500000.00');
      expect(await account(`fund:${FUND}:compensation-payable`)).toMatchObject({
        debitsPosted: '500000.00',
        creditsPosted: '500000.00',
        balance: '0.00',
      });
      expect(await balanceOf(`fund:${FUND}:recoveries:2026`)).toBe('400000.00');
    });

    it('leaves the bank owed the sharers’ unpaid parts, and the sharers owing them with their returns in cash', async () => {
      expect(await account(`bank:${BANK_E}:compensation-receivable`)).toMatchObject({
        debitsPosted: '900000.00',
        creditsPosted: '500000.00',
        balance: '400000.00',
      });
      expect(await balanceOf(`guarantor:${GUARANTOR}:compensation-payable`)).toBe('300000.00');
      expect(await balanceOf(`guarantor:${GUARANTOR}:compensation-expense`)).toBe('300000.00');
      expect(await balanceOf(`guarantor:${GUARANTOR}:cash`)).toBe('240000.00');
      expect(await balanceOf(`guarantor:${GUARANTOR}:recoveries`)).toBe('240000.00');
      expect(await balanceOf(`appraiser:${APPRAISER}:compensation-payable`)).toBe('100000.00');
      expect(await balanceOf(`appraiser:${APPRAISER}:cash`)).toBe('80000.00');
      // −3,000,000.00 lent + 1,010,875.00 repaid + 500,000.00 from the fund + 80,000.00 kept of the proceeds.
      expect(await account(`bank:${BANK_E}:cash`)).toMatchObject({
        debitsPosted: '1590875.00',
        creditsPosted: '3000000.00',
        balance: '-1409125.00',
      });
      expect(await balanceOf(`bank:${BANK_E}:recoveries`)).toBe('80000.00');
      // Compensation did not exceed the principal: no interest was compensated.
      expect(await balanceOf(`bank:${BANK_E}:interest-income`)).toBe('10875.00');
    });

    it('keeps the trial balance balanced and the hash chain verifying', async () => {
      const trial = await trialBalance();
      expect(trial.balanced).toBe(true);
      expect(trial.totalDebits).toBe(trial.totalCredits);
      expect(await sut.app.get(LedgerService).verify()).toMatchObject({
        ok: true,
        chain: { ok: true },
        accountsOutOfBalance: [],
        unbalancedEntries: [],
      });
    });

    it('posts each compensation event once when Kafka delivers it again', async () => {
      const before = await get('/api/ledger/accounts', AccountListResponse);
      const trialBefore = await trialBalance();
      await sut.produce(approved, paid, recovered, loanApproved, loanRecovered);
      await sut.consumedAll('compensation');
      await sut.consumedAll('loan');
      expect(await trialBalance()).toEqual(trialBefore);
      expect(await get('/api/ledger/accounts', AccountListResponse)).toEqual(before);
      // Past the inbox too: the entry's event id is its idempotency key.
      const draft = compensationPaidEntry(paid);
      const outcome = await sut.prisma.$transaction((tx) => sut.app.get(JournalPoster).post(tx, draft));
      expect(outcome).toEqual({ status: 'already-posted', entryId: expect.stringMatching(/^je_/) });
      expect(await trialBalance()).toEqual(trialBefore);
    });

    it('closes the guarantor’s payable and the bank’s receivable for its part when the guarantor pays it', async () => {
      const sharePaid = compensationSharePaid({ ...onLoanE, party: 'guarantor', orgId: GUARANTOR, amount: '300000.00' });
      const [position] = await sut.produce(sharePaid);
      await sut.consumedPast(position);
      expect(await balanceOf(`guarantor:${GUARANTOR}:compensation-payable`)).toBe('0.00');
      // Its returns (240,000.00) less what it paid.
      expect(await balanceOf(`guarantor:${GUARANTOR}:cash`)).toBe('-60000.00');
      // The appraiser's 100,000.00 is all the bank is still owed.
      expect(await balanceOf(`bank:${BANK_E}:compensation-receivable`)).toBe('100000.00');
      expect((await trialBalance()).balanced).toBe(true);
    });

    it('settles a shortfall from the next year: the defaulted principal it covers, the fund’s expense that year, and the payout', async () => {
      // Its own bank, loan and fund. 1,000,000.00 defaulted; fund 60 % = 600,000.00, of which the 2026 budget
      // (300,000.00) pays 300,000.00; the rest is settled from 2027's budget and paid.
      const onLoanH = { loanId: LOAN_H, bankOrgId: BANK_H, fundId: FUND_H };
      const fundH = { fundId: FUND_H, policyId: FUND_H };
      const approvedH = compensationApproved({
        ...onLoanH,
        ...fundH,
        outstandingPrincipal: '1000000.00',
        approvedAmount: '1000000.00',
        parts: [
          { party: 'fund', orgId: FUND_H, share: '0.6', amount: '600000.00' },
          { party: 'bank', orgId: BANK_H, share: '0.4', amount: '400000.00' },
        ],
        fundPayable: '300000.00',
        fundShortfall: '300000.00',
        uncoveredLoss: '0.00',
      });
      const events = {
        compensation: [
          fundBudgetOpened({ ...fundH, budgetYear: 2026, appropriated: '300000.00' }),
          approvedH,
          compensationPaid({ ...onLoanH, amount: '300000.00' }),
          fundBudgetOpened({ ...fundH, budgetYear: 2027, appropriated: '500000.00', openedOn: '2027-01-04' }),
          compensationShortfallSettled({ ...onLoanH, budgetYear: 2027, amount: '300000.00' }),
          compensationPaid({ ...onLoanH, budgetYear: 2027, amount: '300000.00', paidOn: '2027-01-08', paymentReference: 'CQF-2027-0001' }),
        ],
        loan: [
          loanDisbursed({ loanId: LOAN_H, bankOrgId: BANK_H, principal: '1000000.00' }),
          loanDefaulted({ loanId: LOAN_H, bankOrgId: BANK_H, outstandingPrincipal: '1000000.00' }),
          loanCompensationApproved({ ...onLoanH, owedToBank: '300000.00', outstandingPrincipal: '1000000.00' }),
          loanShortfallSettled({ ...onLoanH, amount: '300000.00', principalSettled: '300000.00', interestCompensated: '0.00' }),
        ],
      };
      await sut.produce(...events.compensation, ...events.loan);
      await pollUntil(async () => (await entriesOf([...events.compensation, ...events.loan])) === 10, {
        description: 'the ten entries of the settled shortfall posted',
      });
      // 1,000,000.00 − 300,000.00 (approval) − 300,000.00 (settlement): the bank's own 400,000.00 is left.
      expect(await balanceOf(`loan:${BANK_H}:${LOAN_H}:principal-defaulted`)).toBe('400000.00');
      expect(await balanceOf(`bank:${BANK_H}:compensation-receivable`)).toBe('0.00');
      expect(await balanceOf(`bank:${BANK_H}:compensation-clearing`)).toBe('0.00');
      expect(await balanceOf(`fund:${FUND_H}:compensation-expense:2026`)).toBe('300000.00');
      expect(await balanceOf(`fund:${FUND_H}:compensation-expense:2027`)).toBe('300000.00');
      expect(await balanceOf(`fund:${FUND_H}:compensation-payable`)).toBe('0.00');
      // 300,000.00 + 500,000.00 appropriated − 600,000.00 paid.
      expect(await balanceOf(`fund:${FUND_H}:cash`)).toBe('200000.00');
      expect((await trialBalance()).balanced).toBe(true);
    });

    it('posts nothing for a budget year opened with 0.00, and handles it without a dead letter', async () => {
      const trialBefore = await trialBalance();
      const empty = fundBudgetOpened({ fundId: FUND, budgetYear: 2027, appropriated: '0.00', openedOn: '2027-01-04' });
      const [position] = await sut.produce(empty);
      await sut.consumedPast(position);
      expect(await trialBalance()).toEqual(trialBefore);
      expect((await status(`/api/ledger/accounts/fund:${FUND}:appropriations:2027`, BUREAU)).status).toBe(404);
      const inbox = await sut.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ledger.inbox WHERE event_id = $1::uuid`,
        empty.eventId,
      );
      expect(inbox).toEqual([{ n: 1 }]);
    });
  });

  describe('a subsidy approved and paid (扶持政策: 补贴核定 / 补贴拨付)', () => {
    // docs/subsidies.md's worked example: 45,000.00 of interest subsidy on 90,000.00 paid, charged
    // to the scheme's 2026 budget, then paid to the borrower.
    const approved = subsidyApproved({ budgetYear: 2026, approvedOn: '2026-04-10', amountPaid: '90000.00', approvedAmount: '45000.00' });
    const paid = subsidyPaid({ budgetYear: 2026, paidOn: '2026-04-20', amount: '45000.00' });
    const expense2026 = `scheme:${SCHEME}:subsidy-expense:2026`;
    const payable = `scheme:${SCHEME}:subsidy-payable`;
    const schemeCash = `scheme:${SCHEME}:cash`;
    const entriesOf = (events: readonly { eventId: string }[]) =>
      sut.prisma.journalEntry.count({ where: { eventId: { in: events.map((event) => event.eventId) } } });

    beforeAll(async () => {
      await sut.produce(approved, paid);
      await pollUntil(async () => (await entriesOf([approved, paid])) === 2, { description: 'the approval and the payout posted' });
    });

    it('charges the approval to the budget year and pays it out of the scheme’s cash, leaving the payable at 0.00', async () => {
      expect(await account(expense2026)).toEqual({
        code: expense2026,
        type: 'expense',
        normalSide: 'DEBIT',
        partyType: 'scheme',
        partyId: SCHEME,
        debitsPosted: '45000.00',
        creditsPosted: '0.00',
        balance: '45000.00',
      });
      expect(await account(payable)).toMatchObject({
        type: 'liability',
        debitsPosted: '45000.00',
        creditsPosted: '45000.00',
        balance: '0.00',
      });
      // A clearing account: the scheme's money was never in the ledger, only its payout.
      expect(await account(schemeCash)).toMatchObject({ debitsPosted: '0.00', creditsPosted: '45000.00', balance: '-45000.00' });
      const statement = await get(`/api/ledger/accounts/${payable}/entries`, JournalEntryListResponse);
      expect(statement.items.map((entry) => [entry.eventType, entry.effectiveDate])).toEqual([
        ['SubsidyApproved', '2026-04-10'],
        ['SubsidyPaid', '2026-04-20'],
      ]);
    });

    it('keeps the scheme’s accounts to the bureau', async () => {
      expect((await status(`/api/ledger/accounts/${payable}`, asBank(BANK_A))).status).toBe(404);
      expect((await get(`/api/ledger/accounts?partyType=scheme`, AccountListResponse, asBank(BANK_A))).items).toEqual([]);
      expect((await get(`/api/ledger/accounts?partyType=scheme`, AccountListResponse)).items.map((item) => item.code).sort()).toEqual(
        [schemeCash, expense2026, payable].sort(),
      );
    });

    it('posts each once when Kafka delivers them again, and nothing for an approval of 0.00, without a dead letter', async () => {
      const trialBefore = await trialBalance();
      const nothingApproved = subsidyApproved({
        applicationId: 'sap_0195a1b2c3d47e5f8a6b7c8d9e0f1aff',
        budgetYear: 2027,
        approvedOn: '2027-01-04',
        approvedAmount: '0.00',
      });
      await sut.produce(approved, paid, nothingApproved);
      await sut.consumedAll('subsidy');
      expect(await trialBalance()).toEqual(trialBefore);
      expect((await status(`/api/ledger/accounts/scheme:${SCHEME}:subsidy-expense:2027`, BUREAU)).status).toBe(404);
      const inbox = await sut.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ledger.inbox WHERE event_id = $1::uuid`,
        nothingApproved.eventId,
      );
      expect(inbox).toEqual([{ n: 1 }]);
      expect(await sut.app.get(LedgerService).verify()).toMatchObject({ ok: true, accountsOutOfBalance: [], unbalancedEntries: [] });
    });
  });

  describe('interest accrued day by day (按日计息)', () => {
    it('is income as it accrues, owed by the loan until a repayment settles it; the rest of that interest is income at once', async () => {
      const disbursed = loanDisbursed({ loanId: LOAN_G, bankOrgId: BANK_G, principal: '1200000.00' });
      const accrued = (accruedFrom: string, accruedUntil: string, days: number, amount: string) =>
        loanInterestAccrued({ loanId: LOAN_G, bankOrgId: BANK_G, accruedFrom, accruedUntil, days, amount });
      const repaid = loanRepaid({
        loanId: LOAN_G,
        bankOrgId: BANK_G,
        repaymentId: repaymentId(9),
        principalAmount: '0.00',
        interestAmount: '1500.00',
        accruedInterestSettled: '1320.00',
        repaidOn: '2026-06-12',
        outstandingPrincipal: '1200000.00',
      });
      await sut.produce(
        disbursed,
        accrued('2026-06-01', '2026-06-11', 10, '1200.00'),
        accrued('2026-06-11', '2026-06-12', 1, '120.00'),
        repaid,
      );
      const receivable = `loan:${BANK_G}:${LOAN_G}:interest-receivable`;
      await pollUntil(async () => ((await account(receivable)).creditsPosted === '1320.00' ? true : undefined), {
        description: 'the accruals and the repayment of LOAN_G posted',
      });

      expect(await account(receivable)).toMatchObject({
        type: 'asset',
        debitsPosted: '1320.00',
        creditsPosted: '1320.00',
        balance: '0.00',
      });
      // 1,200.00 + 120.00 accrued, and 180.00 of the repayment beyond them.
      expect(await account(`bank:${BANK_G}:interest-income`)).toMatchObject({ creditsPosted: '1500.00', balance: '1500.00' });
      const statement = await get(`/api/ledger/accounts/${receivable}/entries`, JournalEntryListResponse, asBank(BANK_G));
      expect(statement.items.map((entry) => [entry.eventType, entry.effectiveDate])).toEqual([
        ['LoanInterestAccrued', '2026-06-10'],
        ['LoanInterestAccrued', '2026-06-11'],
        ['LoanRepaid', '2026-06-12'],
      ]);
      expect((await trialBalance()).balanced).toBe(true);
    });
  });

  describe('the stored journal', () => {
    it('rejects UPDATE and DELETE of postings and entries in the database itself', async () => {
      await expect(sut.prisma.$executeRawUnsafe(`UPDATE ledger.postings SET amount = amount + 1`)).rejects.toThrow(/append-only/);
      await expect(sut.prisma.$executeRawUnsafe(`DELETE FROM ledger.postings`)).rejects.toThrow(/append-only/);
      await expect(sut.prisma.$executeRawUnsafe(`UPDATE ledger.journal_entries SET description = 'edited'`)).rejects.toThrow(/append-only/);
      await expect(sut.prisma.$executeRawUnsafe(`DELETE FROM ledger.journal_entries`)).rejects.toThrow(/append-only/);
      expect(await sut.app.get(LedgerService).verify()).toMatchObject({ ok: true });
    });

    it('exposes an amount changed behind the triggers’ back, at the entry that holds it', async () => {
      const target = await sut.prisma.journalEntry.findFirstOrThrow({ where: { eventId: repaidA1.eventId } });
      await sut.prisma.$transaction(async (tx) => {
        // Only a superuser can do this: it switches the append-only triggers off for the transaction.
        await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
        await tx.$executeRawUnsafe(`UPDATE ledger.postings SET amount = amount + 1 WHERE entry_id = $1 AND position = 1`, target.id);
      });
      const verification = await sut.app.get(LedgerService).verify();
      expect(verification.ok).toBe(false);
      expect(verification.chain).toEqual({
        ok: false,
        sequence: target.sequence,
        entryId: target.id,
        reason: expect.stringMatching(/was altered/),
      });
      expect(verification.unbalancedEntries).toEqual([{ entryId: target.id, debits: '336958.33', credits: '336959.33' }]);
      expect(verification.accountsOutOfBalance.map((mismatch) => mismatch.code)).toEqual([`loan:${BANK_A}:${LOAN_A}:principal`]);
    });
  });
});
