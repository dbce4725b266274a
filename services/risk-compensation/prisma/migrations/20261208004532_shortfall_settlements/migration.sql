-- AlterTable
ALTER TABLE "risk_compensation"."claims" ADD COLUMN     "shortfall_settled" DECIMAL(20,2) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "risk_compensation"."fund_budgets" ADD COLUMN     "shortfalls_settled" DECIMAL(30,2) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "risk_compensation"."claim_shortfall_settlements" (
    "id" TEXT NOT NULL,
    "claim_id" TEXT NOT NULL,
    "fund_id" TEXT NOT NULL,
    "budget_year" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "settled_on" DATE NOT NULL,
    "paid_on" DATE,
    "payment_reference" TEXT,
    "paid_by_org_id" TEXT,
    "paid_by_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "claim_shortfall_settlements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "claim_shortfall_settlements_claim_id_idx" ON "risk_compensation"."claim_shortfall_settlements"("claim_id");

-- AddForeignKey
ALTER TABLE "risk_compensation"."claim_shortfall_settlements" ADD CONSTRAINT "claim_shortfall_settlements_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "risk_compensation"."claims"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: a claim never settles more than its shortfall; a year never counts more earlier
-- shortfalls settled than it used; a settlement is positive, of a claim, and paid once with its day,
-- reference and payer.
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_shortfall_settled_within" CHECK (
  "shortfall_settled" >= 0 AND "shortfall_settled" <= coalesce("fund_shortfall", 0)
);
ALTER TABLE "risk_compensation"."fund_budgets" ADD CONSTRAINT "fund_budgets_shortfalls_settled_within_used" CHECK (
  "shortfalls_settled" >= 0 AND "shortfalls_settled" <= "used"
);
ALTER TABLE "risk_compensation"."claim_shortfall_settlements"
    ADD CONSTRAINT "claim_shortfall_settlements_amount_positive" CHECK ("amount" > 0),
    ADD CONSTRAINT "claim_shortfall_settlements_payment_complete" CHECK (
        ("paid_on" IS NULL) = ("payment_reference" IS NULL) AND ("paid_on" IS NULL) = ("paid_by_org_id" IS NULL));

-- A closed year is never charged again: settling a shortfall from it is a charge too.
CREATE OR REPLACE FUNCTION "risk_compensation"."reject_closed_budget_charge"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."closed_at" IS NOT NULL AND (
    NEW."closed_at" IS DISTINCT FROM OLD."closed_at" OR NEW."used" <> OLD."used" OR NEW."shortfall" <> OLD."shortfall"
    OR NEW."claims_approved" <> OLD."claims_approved" OR NEW."recovered" <> OLD."recovered" OR NEW."appropriated" <> OLD."appropriated"
    OR NEW."topped_up" <> OLD."topped_up" OR NEW."shortfalls_settled" <> OLD."shortfalls_settled"
  ) THEN
    RAISE EXCEPTION 'budget year % of fund % is closed and is never charged again', OLD."budget_year", OLD."fund_id"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
