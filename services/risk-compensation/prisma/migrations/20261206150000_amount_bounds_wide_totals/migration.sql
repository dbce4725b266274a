-- A fund's budget year: what approvals used, what was paid, the shortfall, what came back.
ALTER TABLE "risk_compensation"."fund_budgets" ALTER COLUMN "used" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "paid" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "shortfall" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "recovered" SET DATA TYPE DECIMAL(30,2);

-- A borrower's approved compensation in a year (summed over its claims).
ALTER TABLE "risk_compensation"."borrower_year_coverage" ALTER COLUMN "approved" SET DATA TYPE DECIMAL(30,2);
