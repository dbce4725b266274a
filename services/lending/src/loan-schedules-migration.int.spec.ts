// The loan_schedules migration gives every loan disbursed before it the schedule the system had
// assumed: one repayment at maturity (到期一次还本付息) on ACT/360. Its SQL computes that instalment
// itself; here it runs on loans stored without one, and each row must equal the servicing library's
// interest for the same principal, rate and days, to the fen (rounding halves up in both).
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { daysBetween } from '@ipledger/calendar';
import { interestForDays } from '@ipledger/loan-servicing';
import { Money, Rate } from '@ipledger/money';
import { createTestDatabase, type TestDatabase } from '@ipledger/testing';

const MIGRATION = path.join(__dirname, '..', 'prisma', 'migrations', '20261207163114_loan_schedules', 'migration.sql');

/** The migration's backfill statement, as written in the file. */
function backfillStatement(): string {
  const sql = fs.readFileSync(MIGRATION, 'utf8');
  const start = sql.indexOf('INSERT INTO "lending"."loan_instalments"');
  if (start < 0) throw new Error(`no backfill statement in ${MIGRATION}`);
  return sql.slice(start, sql.indexOf(';', start) + 1);
}

// Principal, rate, disbursement, maturity: a year, a leap day, and halves of a fen to round.
const EARLIER_LOANS = [
  ['1000000.00', '0.043500', '2025-03-15', '2026-03-15'],
  ['500000.00', '0.040000', '2024-02-29', '2025-02-28'],
  ['1000.00', '0.045000', '2026-01-01', '2026-01-02'],
  ['1234567.89', '0.031000', '2025-10-31', '2026-04-30'],
] as const;

describe('the loan_schedules migration on loans disbursed before it', () => {
  let database: TestDatabase;
  let db: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  it('gives each one instalment at maturity with the interest the library computes', async () => {
    for (const [index, [principal, rate, disbursedOn, maturityDate]] of EARLIER_LOANS.entries()) {
      await db.query(
        `INSERT INTO lending.loans (id, pledge_id, bank_org_id, borrower_uscc, status, principal, outstanding_principal,
           annual_interest_rate, term_months, disbursed_on, maturity_date, loan_to_value_limit)
         VALUES ($1, $2, 'bank-cq-a', '91350100M000100Y43', 'ACTIVE', $3, $3, $4, 12, $5, $6, 0.25)`,
        [`loan-before-${index}`, `pledge-before-${index}`, principal, rate, disbursedOn, maturityDate],
      );
    }

    await db.query(backfillStatement());

    const stored = await db.query<{
      loan_id: string;
      number: number;
      starts_on: string;
      due_on: string;
      days: number;
      principal: string;
      interest: string;
    }>(
      `SELECT loan_id, number, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(due_on, 'YYYY-MM-DD') AS due_on, days,
              principal::text AS principal, interest::text AS interest
       FROM lending.loan_instalments ORDER BY loan_id`,
    );
    expect(stored.rows).toHaveLength(EARLIER_LOANS.length);
    for (const [index, [principal, rate, disbursedOn, maturityDate]] of EARLIER_LOANS.entries()) {
      const days = daysBetween(disbursedOn, maturityDate);
      expect(stored.rows.find((each) => each.loan_id === `loan-before-${index}`)).toEqual({
        loan_id: `loan-before-${index}`,
        number: 1,
        starts_on: disbursedOn,
        due_on: maturityDate,
        days,
        principal,
        interest: interestForDays(Money.of(principal), Rate.of(rate), days, 'ACT/360').toString(),
      });
    }
    // 1,000.00 × 0.045 × 1 / 360 = 0.125: half a fen, rounded up in both.
    expect(stored.rows.find((each) => each.loan_id === 'loan-before-2')?.interest).toBe('0.13');
  });
});
