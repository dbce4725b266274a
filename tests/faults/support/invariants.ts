// The invariants checked after every fault scenario, each as one named check with its figures:
// - every accepted command's effect is present exactly once (rows per command, events per effect);
// - every produced event is published (outboxes drained) and handled exactly once by every group
//   that consumes it (inbox rows = produced events), and the ledger posted one entry per source event;
// - the ledger balances and its chain links (checkLedger);
// - no fund budget year or borrower cap exceeded;
// - the dead-letter topics hold exactly the expected rejections (none, unless poison was injected);
// - every consumer group's lag returns to zero within a bounded wait.
import pg from 'pg';
import { CONSUMERS, consumerGroupId, EVENT_CONSUMERS, type ConsumerName } from '@ipledger/contracts';
import { waitUntilConsumed } from '@ipledger/testing';
import { readDeadLetters, type ReceivedDeadLetter } from './dead-letters';
import { checkLedger } from './ledger-check';
import type { Check } from './report';
import type { AcceptedStep } from './workload';
import { consumerGroups, OUTBOX_SCHEMAS, waitForOutboxesDrained } from './quiet';

/** The schema whose inbox each consumer group writes. */
export const INBOX_SCHEMA: Record<ConsumerName, string> = {
  'pledge-registration': 'pledge_registration',
  valuation: 'valuation',
  lending: 'lending',
  ledger: 'ledger',
  'risk-compensation': 'risk_compensation',
  audit: 'audit',
  statistics: 'statistics',
};

export interface ExpectedDeadLetter {
  /** The injected message's value, as sent. */
  value: string;
  reason: string;
  /** Every group that must have dead-lettered it. */
  consumers: ConsumerName[];
}

export interface InvariantOptions {
  databaseUrl: string;
  brokers: string[];
  prefix: string;
  accepted: ReadonlyMap<string, AcceptedStep>;
  /** Rejections the scenario injected on purpose; any other dead letter fails the check. */
  expectedDeadLetters?: ExpectedDeadLetter[];
  /** The ledger's public key (JWK JSON): `ipledger ledger verify` checks the chain and checkpoints with it. */
  ledgerPublicKey?: string;
  /** Bound of the waits for lag zero and drained outboxes. */
  settleTimeoutMs?: number;
}

export interface InvariantResult {
  checks: Check[];
  figures: Record<string, string | number>;
}

function idOf(step: AcceptedStep): string | undefined {
  const body = step.body as { id?: unknown } | null;
  return typeof body?.id === 'string' ? body.id : undefined;
}

/** Accepted steps whose name ends with `.<kind>` (or `.<kind>-<n>`). */
function stepsOf(accepted: ReadonlyMap<string, AcceptedStep>, kind: string): AcceptedStep[] {
  const pattern = new RegExp(`\\.${kind}(-\\d+)?$`);
  return [...accepted.values()].filter((step) => pattern.test(step.step));
}

export async function checkInvariants(options: InvariantOptions): Promise<InvariantResult> {
  const checks: Check[] = [];
  const settle = options.settleTimeoutMs ?? 90_000;
  const groups = consumerGroups(options.prefix);

  // 1. Lag zero (first: everything else is read once the system is quiet).
  const lagStarted = Date.now();
  try {
    await waitUntilConsumed(options.brokers, groups, settle);
    checks.push({
      name: 'consumer lag returns to zero',
      ok: true,
      detail: `${groups.length} groups caught up in ${((Date.now() - lagStarted) / 1000).toFixed(1)} s`,
    });
  } catch (error) {
    checks.push({ name: 'consumer lag returns to zero', ok: false, detail: (error as Error).message.slice(0, 400) });
  }

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const figures: Record<string, string | number> = { 'commands accepted': options.accepted.size };
  try {
    const count = async (sql: string, ...params: unknown[]) => Number(((await client.query(sql, params)).rows[0] as { n: string }).n);
    const rows = async <T>(sql: string, ...params: unknown[]) => (await client.query(sql, params)).rows as T[];

    // 2. Outboxes drained: every event a service committed was published.
    try {
      await waitForOutboxesDrained(options.databaseUrl, settle);
      checks.push({ name: 'outboxes drained', ok: true, detail: 'no unpublished event' });
    } catch (error) {
      checks.push({ name: 'outboxes drained', ok: false, detail: (error as Error).message.slice(0, 300) });
    }
    // Consumers may still be handling what was just published: wait for lag zero again.
    await waitUntilConsumed(options.brokers, groups, settle).catch(() => undefined);

    // 3. Each accepted command's effect exactly once.
    const exactlyOnce = async (name: string, kind: string, table: string, idColumn = 'id', where = 'true') => {
      const steps = stepsOf(options.accepted, kind);
      const ids = steps.map(idOf).filter((id): id is string => id !== undefined);
      const total = await count(`SELECT count(*) AS n FROM ${table} WHERE ${where}`);
      const missing =
        ids.length === 0
          ? 0
          : await count(`SELECT count(*) AS n FROM unnest($1::text[]) AS id WHERE id NOT IN (SELECT ${idColumn}::text FROM ${table})`, ids);
      const ok = total === steps.length && missing === 0;
      checks.push({
        name: `${name} exactly once`,
        ok,
        detail: `${steps.length} accepted, ${total} present${missing > 0 ? `, ${missing} returned ids missing` : ''}`,
      });
    };
    await exactlyOnce('pledges', 'pledge', 'pledge_registration.pledge_applications');
    await exactlyOnce('valuations', 'valuation', 'valuation.valuations');
    await exactlyOnce('registrations', 'registration', 'pledge_registration.pledge_applications', 'id', 'registration_number IS NOT NULL');
    await exactlyOnce('loans', 'disbursement', 'lending.loans');
    await exactlyOnce('repayments', 'repayment', 'lending.repayments', 'loan_id'); // answers the loan
    const repaymentsPerLoan = new Map<string, number>();
    for (const step of stepsOf(options.accepted, 'repayment')) {
      const loanId = idOf(step);
      if (loanId !== undefined) repaymentsPerLoan.set(loanId, (repaymentsPerLoan.get(loanId) ?? 0) + 1);
    }
    const perLoanRows = new Map(
      (await rows<{ loan_id: string; n: string }>(`SELECT loan_id, count(*) AS n FROM lending.repayments GROUP BY loan_id`)).map((row) => [
        row.loan_id,
        Number(row.n),
      ]),
    );
    const perLoanProblems = [...new Set([...repaymentsPerLoan.keys(), ...perLoanRows.keys()])]
      .filter((loanId) => (repaymentsPerLoan.get(loanId) ?? 0) !== (perLoanRows.get(loanId) ?? 0))
      .map((loanId) => `loan ${loanId}: ${repaymentsPerLoan.get(loanId) ?? 0} accepted, ${perLoanRows.get(loanId) ?? 0} recorded`);
    checks.push({
      name: 'repayments per loan exactly once',
      ok: perLoanProblems.length === 0,
      detail: perLoanProblems.length === 0 ? `${repaymentsPerLoan.size} loans with repayments` : perLoanProblems.slice(0, 4).join('; '),
    });
    await exactlyOnce('defaults', 'default', 'lending.loans', 'id', 'defaulted_on IS NOT NULL');
    await exactlyOnce('claims', 'claim', 'risk_compensation.claims');
    await exactlyOnce('claim payments', 'payment', 'risk_compensation.claims', 'id', 'paid_on IS NOT NULL');
    await exactlyOnce('disposals', 'disposal', 'pledge_registration.pledge_applications', 'id', 'disposed_on IS NOT NULL');
    await exactlyOnce('subsidy applications', 'subsidy-application', 'risk_compensation.subsidy_applications');
    await exactlyOnce('subsidy payments', 'subsidy-payment', 'risk_compensation.subsidy_applications', 'id', 'paid_out_on IS NOT NULL');
    await exactlyOnce('deals', 'record', 'statistics.deals');
    await exactlyOnce('deal reversals', 'reversal', 'statistics.deals', 'id', 'reversed_on IS NOT NULL');
    const replays = [...options.accepted.values()].reduce((sum, step) => sum + step.replays, 0);
    figures['answers replayed (Idempotency-Key)'] = replays;

    // 4. Events: produced once per effect, handled once by every consumer group.
    const produced = new Map<string, number>();
    for (const row of await rows<{ type: string; n: string }>(
      OUTBOX_SCHEMAS.map((schema) => `SELECT type, count(*) AS n FROM ${schema}.outbox GROUP BY type`).join(' UNION ALL '),
    )) {
      produced.set(row.type, (produced.get(row.type) ?? 0) + Number(row.n));
    }
    const producedTotal = [...produced.values()].reduce((a, b) => a + b, 0);
    figures['events produced'] = producedTotal;
    const perEffect: [string, string][] = [
      ['PledgeApplicationSubmitted', 'pledge'],
      ['PledgeRegistered', 'registration'],
      ['LoanDisbursed', 'disbursement'],
      ['LoanRepaid', 'repayment'],
      ['LoanDefaulted', 'default'],
      ['DealRecorded', 'record'],
      ['DealReversed', 'reversal'],
      ['SubsidyApproved', 'subsidy-approval'],
      ['SubsidyPaid', 'subsidy-payment'],
    ];
    const eventProblems = perEffect
      .map(([type, kind]) => ({ type, events: produced.get(type) ?? 0, steps: stepsOf(options.accepted, kind).length }))
      .filter((entry) => entry.events !== entry.steps)
      .map((entry) => `${entry.type}: ${entry.events} events for ${entry.steps} accepted commands`);
    checks.push({
      name: 'one event per effect',
      ok: eventProblems.length === 0,
      detail: eventProblems.length === 0 ? `${perEffect.length} event types match their commands` : eventProblems.join('; '),
    });

    const handledProblems: string[] = [];
    let handledTotal = 0;
    for (const consumer of CONSUMERS) {
      const groupId = consumerGroupId(consumer, options.prefix);
      const handled = new Map(
        (
          await rows<{ type: string; n: string }>(
            `SELECT type, count(*) AS n FROM ${INBOX_SCHEMA[consumer]}.inbox WHERE consumer_group = $1 GROUP BY type`,
            groupId,
          )
        ).map((row) => [row.type, Number(row.n)]),
      );
      for (const type of EVENT_CONSUMERS[consumer]) {
        const want = produced.get(type) ?? 0;
        const got = handled.get(type) ?? 0;
        handledTotal += got;
        if (want !== got) handledProblems.push(`${consumer} handled ${got} ${type} of ${want} produced`);
      }
    }
    checks.push({
      name: 'every event handled once per consumer group',
      ok: handledProblems.length === 0,
      detail:
        handledProblems.length === 0
          ? `${handledTotal} inbox rows over ${CONSUMERS.length} groups`
          : handledProblems.slice(0, 6).join('; '),
    });
    figures['events handled (inbox rows)'] = handledTotal;

    // 5. The ledger: one entry per source event at most, every disbursement posted, and its own invariants.
    const entriesByType = new Map(
      (
        await rows<{ event_type: string; n: string }>(`SELECT event_type, count(*) AS n FROM ledger.journal_entries GROUP BY event_type`)
      ).map((row) => [row.event_type, Number(row.n)]),
    );
    const ledgerGroup = consumerGroupId('ledger', options.prefix);
    const orphanEntries = await count(
      `SELECT count(*) AS n FROM ledger.journal_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger.inbox i WHERE i.consumer_group = $1 AND i.event_id = e.event_id)`,
      ledgerGroup,
    );
    const ledgerProblems: string[] = [];
    if ((entriesByType.get('LoanDisbursed') ?? 0) !== stepsOf(options.accepted, 'disbursement').length) {
      ledgerProblems.push(
        `${entriesByType.get('LoanDisbursed') ?? 0} disbursement entries for ${stepsOf(options.accepted, 'disbursement').length} loans`,
      );
    }
    for (const [type, entries] of entriesByType) {
      if (entries > (produced.get(type) ?? 0)) ledgerProblems.push(`${entries} ${type} entries for ${produced.get(type) ?? 0} events`);
    }
    if (orphanEntries > 0) ledgerProblems.push(`${orphanEntries} entries without a handled event`);
    const ledger = await checkLedger(options.databaseUrl, options.ledgerPublicKey);
    checks.push({
      name: 'ledger: one entry per source event',
      ok: ledgerProblems.length === 0,
      detail: ledgerProblems.length === 0 ? [...entriesByType].map(([type, n]) => `${type} ${n}`).join(', ') : ledgerProblems.join('; '),
    });
    checks.push({
      name: 'ledger balances, chain verifies',
      ok: ledger.problems.length === 0,
      detail:
        ledger.problems.length === 0
          ? `${ledger.figures.entries} entries, ${ledger.figures.postings} postings, debits = credits = ${ledger.figures.totalDebits}; verify: ${ledger.figures.verified.slice(0, 160)}`
          : ledger.problems.slice(0, 4).join('; '),
    });
    figures['journal entries'] = ledger.figures.entries;

    // 6. Budgets and caps.
    const overBudget = await rows<{ fund_id: string; budget_year: number; appropriated: string; used: string; paid: string }>(
      `SELECT fund_id, budget_year, appropriated::text, used::text, paid::text FROM risk_compensation.fund_budgets
       WHERE used > appropriated OR paid > used OR used < 0 OR paid < 0`,
    );
    const drift = await rows<{ fund_id: string; budget_year: number; used: string; approved: string }>(
      `SELECT b.fund_id, b.budget_year, b.used::text, COALESCE(SUM(c.fund_payable), 0)::text AS approved
       FROM risk_compensation.fund_budgets b
       LEFT JOIN risk_compensation.claims c ON c.fund_id = b.fund_id AND c.budget_year = b.budget_year AND c.status IN ('APPROVED', 'PAID', 'CLOSED')
       GROUP BY b.fund_id, b.budget_year, b.used HAVING b.used <> COALESCE(SUM(c.fund_payable), 0)`,
    );
    const overCap = await rows<{ fund_id: string; borrower_uscc: string; approved: string; cap: string }>(
      `SELECT v.fund_id, v.borrower_uscc, v.approved::text, p.document->'caps'->>'perBorrowerPerYear' AS cap
       FROM risk_compensation.borrower_year_coverage v
       JOIN risk_compensation.compensation_policies p ON p.series_id = v.fund_id AND p.status = 'PUBLISHED'
       WHERE p.document->'caps'->>'perBorrowerPerYear' IS NOT NULL AND v.approved > (p.document->'caps'->>'perBorrowerPerYear')::numeric`,
    );
    const budgets = await count(`SELECT count(*) AS n FROM risk_compensation.fund_budgets`);
    const budgetProblems = [
      ...overBudget.map((b) => `fund ${b.fund_id} ${b.budget_year}: used ${b.used}, paid ${b.paid} of ${b.appropriated}`),
      ...drift.map((b) => `fund ${b.fund_id} ${b.budget_year}: used ${b.used} but approved claims total ${b.approved}`),
      ...overCap.map((c) => `borrower ${c.borrower_uscc} in fund ${c.fund_id}: ${c.approved} over the cap ${c.cap}`),
    ];
    checks.push({
      name: 'no budget or cap exceeded',
      ok: budgetProblems.length === 0,
      detail:
        budgetProblems.length === 0
          ? `${budgets} budget years within budget, used = approved claims`
          : budgetProblems.slice(0, 4).join('; '),
    });

    // 7. Dead letters: exactly the injected ones, each with its reason, on every subscribed group.
    const letters = await readDeadLetters(options.brokers, options.prefix);
    figures['dead letters'] = letters.length;
    checks.push(deadLetterCheck(letters, options.expectedDeadLetters ?? []));
  } finally {
    await client.end();
  }
  return { checks, figures };
}

function deadLetterCheck(letters: ReceivedDeadLetter[], expected: ExpectedDeadLetter[]): Check {
  const problems: string[] = [];
  const matched = new Set<ReceivedDeadLetter>();
  for (const want of expected) {
    for (const consumer of want.consumers) {
      const found = letters.filter((letter) => letter.consumer === consumer && letter.originalValue === want.value);
      if (found.length === 0) problems.push(`${consumer} did not dead-letter ${want.value.slice(0, 40)}`);
      for (const letter of found) {
        matched.add(letter);
        if (letter.reason !== want.reason)
          problems.push(`${consumer} gave ${letter.reason} for ${want.value.slice(0, 40)}, expected ${want.reason}`);
      }
    }
  }
  const unexpected = letters.filter((letter) => !matched.has(letter));
  for (const letter of unexpected.slice(0, 4)) {
    problems.push(
      `unexpected dead letter on ${letter.consumer}: ${letter.reason} (${letter.error.slice(0, 120)}) from ${letter.sourceTopic}`,
    );
  }
  const name = expected.length === 0 ? 'no event dead-lettered' : 'poison dead-lettered with its reason';
  return {
    name,
    ok: problems.length === 0,
    detail: problems.length === 0 ? `${letters.length} dead letters, ${matched.size} expected` : problems.join('; '),
  };
}
