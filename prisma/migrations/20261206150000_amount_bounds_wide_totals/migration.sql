-- Sums get room (docs/ARCHITECTURE.md, "Money: bounds"): every column that keeps a running total
-- is DECIMAL(30,2), 28 integer digits, the money library's MAX_TOTAL. A single amount is at most
-- 10,000,000,000.00 (100亿元), so a total overflows only after 10^18 maximal amounts.
-- Single-fact columns stay DECIMAL(20,2): no single fact comes near 10^18.

-- The ledger's running totals per account.
ALTER TABLE "ledger"."accounts" ALTER COLUMN "debits_posted" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "credits_posted" SET DATA TYPE DECIMAL(30,2);

-- A fund's budget year: what approvals used, what was paid, the shortfall, what came back.
ALTER TABLE "risk_compensation"."fund_budgets" ALTER COLUMN "used" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "paid" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "shortfall" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "recovered" SET DATA TYPE DECIMAL(30,2);

-- A borrower's approved compensation in a year (summed over its claims).
ALTER TABLE "risk_compensation"."borrower_year_coverage" ALTER COLUMN "approved" SET DATA TYPE DECIMAL(30,2);

-- The statistics read model: rollups, counters and the funds' budgets are additive upserts.
ALTER TABLE "statistics"."rollups" ALTER COLUMN "amount" SET DATA TYPE DECIMAL(30,2);
ALTER TABLE "statistics"."counters" ALTER COLUMN "amount" SET DATA TYPE DECIMAL(30,2);
ALTER TABLE "statistics"."fund_budgets" ALTER COLUMN "appropriated" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "used" SET DATA TYPE DECIMAL(30,2);
