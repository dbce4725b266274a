// Every service's own state as plain rows, read straight from PostgreSQL: what a redelivery, a
// crash or a refused request must leave exactly as it was (e2e and fault scenarios compare two).
import pg from 'pg';

/** Everything the services own, as plain rows (timestamps included: a redelivery must not touch them). */
export async function snapshotOfEveryService(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows as unknown[];
    const count = async (sql: string) => Number(((await client.query(sql)).rows[0] as { n: string }).n);
    return {
      pledges: await rows('SELECT * FROM pledge_registration.pledge_applications ORDER BY id'),
      pledgeTransitions: await rows('SELECT * FROM pledge_registration.pledge_transitions ORDER BY id'),
      valuations: await rows('SELECT * FROM valuation.valuations ORDER BY id'),
      lendingFacts: await rows('SELECT * FROM lending.pledge_facts ORDER BY pledge_id'),
      loans: await rows('SELECT * FROM lending.loans ORDER BY id'),
      repayments: await rows('SELECT * FROM lending.repayments ORDER BY id'),
      accounts: await rows('SELECT * FROM ledger.accounts ORDER BY code'),
      journalEntries: await count('SELECT count(*) AS n FROM ledger.journal_entries'),
      postings: await rows('SELECT * FROM ledger.postings ORDER BY entry_id, position'),
      chainHead: await rows('SELECT * FROM ledger.chain_head'),
      compensationLoans: await rows('SELECT * FROM risk_compensation.loans ORDER BY loan_id'),
      disposals: await rows('SELECT * FROM risk_compensation.disposals ORDER BY pledge_id'),
      claims: await rows('SELECT * FROM risk_compensation.claims ORDER BY id'),
      claimParts: await rows('SELECT * FROM risk_compensation.claim_parts ORDER BY claim_id, party'),
      fundBudgets: await rows('SELECT * FROM risk_compensation.fund_budgets ORDER BY fund_id, budget_year'),
      // Every refused or denied request is audited (CommandAudited in the outbox) by design; the
      // domain's own events are what must not change.
      outboxes: await rows(
        ['pledge_registration', 'valuation', 'lending', 'ledger', 'risk_compensation', 'identity']
          .map((schema) => `SELECT '${schema}' AS s, count(*) FROM ${schema}.outbox WHERE type <> 'CommandAudited'`)
          .join(' UNION ALL ')
          .concat(' ORDER BY s'),
      ),
    };
  } finally {
    await client.end();
  }
}
