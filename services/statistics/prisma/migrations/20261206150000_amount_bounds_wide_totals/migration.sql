-- The statistics read model: rollups, counters and the funds' budgets are additive upserts.
ALTER TABLE "statistics"."rollups" ALTER COLUMN "amount" SET DATA TYPE DECIMAL(30,2);

ALTER TABLE "statistics"."counters" ALTER COLUMN "amount" SET DATA TYPE DECIMAL(30,2);

ALTER TABLE "statistics"."fund_budgets" ALTER COLUMN "appropriated" SET DATA TYPE DECIMAL(30,2),
  ALTER COLUMN "used" SET DATA TYPE DECIMAL(30,2);
