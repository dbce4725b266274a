-- AlterTable
ALTER TABLE "risk_compensation"."fund_budgets" ADD COLUMN     "topped_up" DECIMAL(30,2) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "risk_compensation"."fund_contributions" (
    "id" TEXT NOT NULL,
    "fund_id" TEXT NOT NULL,
    "budget_year" INTEGER NOT NULL,
    "payer_code" TEXT NOT NULL,
    "payer_level" TEXT NOT NULL,
    "payer_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "reference" TEXT NOT NULL,
    "received_on" DATE NOT NULL,
    "recorded_by_org_id" TEXT NOT NULL,
    "recorded_by_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_contributions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "fund_contributions_fund_id_budget_year_idx" ON "risk_compensation"."fund_contributions"("fund_id", "budget_year");

-- CreateIndex
CREATE UNIQUE INDEX "fund_contributions_fund_id_payer_code_reference_key" ON "risk_compensation"."fund_contributions"("fund_id", "payer_code", "reference");


-- Hand-written: a top-up raises the year's budget, so the budget can never be overdrawn against
-- the appropriation plus the top-ups.
ALTER TABLE "risk_compensation"."fund_budgets" DROP CONSTRAINT "fund_budgets_within_appropriation";
ALTER TABLE "risk_compensation"."fund_budgets" ADD CONSTRAINT "fund_budgets_within_appropriation" CHECK (
  "topped_up" >= 0 AND "used" >= 0 AND "used" <= "appropriated" + "topped_up" AND "paid" >= 0 AND "paid" <= "used"
  AND "shortfall" >= 0 AND "recovered" >= 0
);

-- A closed year takes no top-up either.
CREATE OR REPLACE FUNCTION "risk_compensation"."reject_closed_budget_charge"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."closed_at" IS NOT NULL AND (
    NEW."closed_at" IS DISTINCT FROM OLD."closed_at" OR NEW."used" <> OLD."used" OR NEW."shortfall" <> OLD."shortfall"
    OR NEW."claims_approved" <> OLD."claims_approved" OR NEW."recovered" <> OLD."recovered" OR NEW."appropriated" <> OLD."appropriated"
    OR NEW."topped_up" <> OLD."topped_up"
  ) THEN
    RAISE EXCEPTION 'budget year % of fund % is closed and is never charged again', OLD."budget_year", OLD."fund_id"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

-- A contribution names its payer by division code, at the level the code says, for a kind the
-- service knows, with an amount above zero.
ALTER TABLE "risk_compensation"."fund_contributions"
    ADD CONSTRAINT "fund_contributions_kind_valid" CHECK ("kind" IN ('appropriation', 'top-up')),
    ADD CONSTRAINT "fund_contributions_amount_positive" CHECK ("amount" > 0),
    ADD CONSTRAINT "fund_contributions_year_valid" CHECK ("budget_year" BETWEEN 2000 AND 2100),
    ADD CONSTRAINT "fund_contributions_payer_level" CHECK (
        "payer_code" ~ '^[0-9]{6}$' AND "payer_level" = CASE
            WHEN "payer_code" LIKE '%0000' THEN 'province'
            WHEN "payer_code" LIKE '%00' THEN 'city'
            ELSE 'district' END);
