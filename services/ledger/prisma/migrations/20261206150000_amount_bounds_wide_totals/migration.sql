-- Sums get room (docs/ARCHITECTURE.md, "Money: bounds"): every column that keeps a running total
-- is DECIMAL(30,2), 28 integer digits, the money library's MAX_TOTAL. A single amount is at most
-- 10,000,000,000.00 (100亿元), so a total overflows only after 10^18 maximal amounts.
-- Single-fact columns stay DECIMAL(20,2): no single fact comes near 10^18.

-- The ledger's running totals per account.
ALTER TABLE "ledger"."accounts" ALTER COLUMN "debits_posted" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "credits_posted" SET DATA TYPE DECIMAL(30,2);
