-- AlterTable
ALTER TABLE "pledge_registration"."pledge_applications" ADD COLUMN     "disposal_costs" DECIMAL(20,2),
ADD COLUMN     "disposal_gross_proceeds" DECIMAL(20,2),
ADD COLUMN     "disposal_method" TEXT,
ADD COLUMN     "disposal_net_proceeds" DECIMAL(20,2),
ADD COLUMN     "disposed_on" DATE,
ADD COLUMN     "loan_defaulted_on" DATE;

-- AlterTable
ALTER TABLE "lending"."pledge_facts" ADD COLUMN     "appraiser_org_id" TEXT;

-- AlterTable
ALTER TABLE "lending"."loans" ADD COLUMN     "close_reason" TEXT,
ADD COLUMN     "guarantor_org_id" TEXT,
ADD COLUMN     "insurer_org_id" TEXT;

-- AlterTable (hand-edited): existing versions are each their own series. Published rows are frozen
-- by a trigger, so it is paused for this one backfill inside the migration's transaction.
ALTER TABLE "risk_compensation"."compensation_policies" ADD COLUMN     "series_id" TEXT;
ALTER TABLE "risk_compensation"."compensation_policies" DISABLE TRIGGER "compensation_policies_published_frozen";
UPDATE "risk_compensation"."compensation_policies" SET "series_id" = "id";
ALTER TABLE "risk_compensation"."compensation_policies" ENABLE TRIGGER "compensation_policies_published_frozen";
ALTER TABLE "risk_compensation"."compensation_policies" ALTER COLUMN "series_id" SET NOT NULL;

-- CreateTable
CREATE TABLE "risk_compensation"."loans" (
    "loan_id" TEXT NOT NULL,
    "pledge_id" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "borrower_uscc" TEXT NOT NULL,
    "borrower_name" TEXT NOT NULL,
    "principal" DECIMAL(20,2) NOT NULL,
    "term_months" INTEGER NOT NULL,
    "district_code" TEXT NOT NULL,
    "ip_types" TEXT[],
    "disbursed_on" DATE NOT NULL,
    "pledge_registration_number" TEXT,
    "appraiser_org_id" TEXT,
    "guarantor_org_id" TEXT,
    "insurer_org_id" TEXT,
    "policy_id" TEXT,
    "defaulted_on" DATE,
    "outstanding_at_default" DECIMAL(20,2),
    "interest_at_default" DECIMAL(20,2),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "loans_pkey" PRIMARY KEY ("loan_id")
);

-- CreateTable
CREATE TABLE "risk_compensation"."disposals" (
    "pledge_id" TEXT NOT NULL,
    "loan_id" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "gross_proceeds" DECIMAL(20,2) NOT NULL,
    "costs" DECIMAL(20,2) NOT NULL,
    "net_proceeds" DECIMAL(20,2) NOT NULL,
    "disposed_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "disposals_pkey" PRIMARY KEY ("pledge_id")
);

-- CreateTable
CREATE TABLE "risk_compensation"."claims" (
    "id" TEXT NOT NULL,
    "loan_id" TEXT NOT NULL,
    "pledge_id" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "borrower_uscc" TEXT NOT NULL,
    "fund_id" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,
    "policy_version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "filed_on" DATE NOT NULL,
    "filing_deadline" DATE NOT NULL,
    "eligibility" JSONB NOT NULL,
    "decided_on" DATE,
    "decided_by_org_id" TEXT,
    "decided_by_user_id" TEXT,
    "decision_note" TEXT,
    "budget_year" INTEGER,
    "computation" JSONB,
    "approved_amount" DECIMAL(20,2),
    "fund_payable" DECIMAL(20,2),
    "fund_shortfall" DECIMAL(20,2),
    "paid_amount" DECIMAL(20,2),
    "paid_on" DATE,
    "payment_reference" TEXT,
    "recovery" JSONB,
    "filed_by_org_id" TEXT NOT NULL,
    "filed_by_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_compensation"."claim_parts" (
    "claim_id" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "share" DECIMAL(9,6) NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "returned" DECIMAL(20,2) NOT NULL DEFAULT 0,

    CONSTRAINT "claim_parts_pkey" PRIMARY KEY ("claim_id","party")
);

-- CreateTable
CREATE TABLE "risk_compensation"."fund_budgets" (
    "fund_id" TEXT NOT NULL,
    "budget_year" INTEGER NOT NULL,
    "policy_id" TEXT NOT NULL,
    "policy_version" INTEGER NOT NULL,
    "appropriated" DECIMAL(20,2) NOT NULL,
    "used" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "paid" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "shortfall" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "recovered" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "claims_approved" INTEGER NOT NULL DEFAULT 0,
    "opened_on" DATE NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_budgets_pkey" PRIMARY KEY ("fund_id","budget_year")
);

-- CreateTable
CREATE TABLE "risk_compensation"."borrower_year_coverage" (
    "fund_id" TEXT NOT NULL,
    "borrower_uscc" TEXT NOT NULL,
    "loan_year" INTEGER NOT NULL,
    "approved" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "borrower_year_coverage_pkey" PRIMARY KEY ("fund_id","borrower_uscc","loan_year")
);

-- CreateIndex
CREATE UNIQUE INDEX "loans_pledge_id_key" ON "risk_compensation"."loans"("pledge_id");

-- CreateIndex
CREATE INDEX "loans_borrower_uscc_disbursed_on_idx" ON "risk_compensation"."loans"("borrower_uscc", "disbursed_on");

-- CreateIndex
CREATE INDEX "claims_status_filed_on_idx" ON "risk_compensation"."claims"("status", "filed_on");

-- CreateIndex
CREATE INDEX "claims_bank_org_id_status_idx" ON "risk_compensation"."claims"("bank_org_id", "status");

-- CreateIndex
CREATE INDEX "claims_fund_id_status_idx" ON "risk_compensation"."claims"("fund_id", "status");

-- CreateIndex
CREATE INDEX "claims_loan_id_idx" ON "risk_compensation"."claims"("loan_id");

-- CreateIndex
CREATE INDEX "claim_parts_org_id_idx" ON "risk_compensation"."claim_parts"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "compensation_policies_series_id_policy_version_key" ON "risk_compensation"."compensation_policies"("series_id", "policy_version");

-- AddForeignKey
ALTER TABLE "risk_compensation"."claim_parts" ADD CONSTRAINT "claim_parts_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "risk_compensation"."claims"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- Hand-written rules the database keeps whatever the code does.
-- One claim per loan that is not rejected: two racing filings cannot both succeed.
CREATE UNIQUE INDEX "claims_one_open_per_loan" ON "risk_compensation"."claims"("loan_id") WHERE "status" <> 'REJECTED';
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_status_valid" CHECK ("status" IN ('PENDING', 'APPROVED', 'REJECTED', 'PAID', 'CLOSED'));
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_amounts_non_negative" CHECK (
  coalesce("approved_amount", 0) >= 0 AND coalesce("fund_payable", 0) >= 0 AND coalesce("fund_shortfall", 0) >= 0 AND coalesce("paid_amount", 0) >= 0
);
ALTER TABLE "risk_compensation"."claim_parts" ADD CONSTRAINT "claim_parts_amounts_non_negative" CHECK ("amount" >= 0 AND "returned" >= 0);
-- The fund's budget can never be overdrawn, whatever interleaving of approvals.
ALTER TABLE "risk_compensation"."fund_budgets" ADD CONSTRAINT "fund_budgets_within_appropriation" CHECK (
  "used" >= 0 AND "used" <= "appropriated" AND "paid" >= 0 AND "paid" <= "used" AND "shortfall" >= 0 AND "recovered" >= 0
);
ALTER TABLE "risk_compensation"."borrower_year_coverage" ADD CONSTRAINT "borrower_year_coverage_non_negative" CHECK ("approved" >= 0);
ALTER TABLE "pledge_registration"."pledge_applications" ADD CONSTRAINT "pledge_disposal_complete" CHECK (
  ("disposed_on" IS NULL AND "disposal_method" IS NULL AND "disposal_net_proceeds" IS NULL)
  OR ("disposed_on" IS NOT NULL AND "disposal_method" IS NOT NULL AND "disposal_gross_proceeds" >= 0 AND "disposal_costs" >= 0 AND "disposal_net_proceeds" >= 0)
);
