-- Subsidy applications, their decisions and payouts, the schemes' yearly budgets, the loans' terms
-- and overdue reports (docs/subsidies.md).

-- AlterTable
ALTER TABLE "risk_compensation"."loans" ADD COLUMN     "annual_interest_rate" DECIMAL(9,6),
ADD COLUMN     "day_count" TEXT,
ADD COLUMN     "period_months" INTEGER,
ADD COLUMN     "repayment_method" TEXT;

-- CreateTable
CREATE TABLE "risk_compensation"."subsidy_applications" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "scheme_id" TEXT NOT NULL,
    "scheme_version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "loan_id" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "borrower_uscc" TEXT NOT NULL,
    "district_code" TEXT NOT NULL,
    "amount_paid" DECIMAL(20,2) NOT NULL,
    "period_from" DATE,
    "period_to" DATE,
    "fee_paid_on" DATE,
    "cost_incurred_on" DATE NOT NULL,
    "payment_references" TEXT[],
    "firm_size" TEXT,
    "industry" TEXT,
    "loan_purpose" TEXT,
    "filed_on" DATE NOT NULL,
    "filed_by_org_id" TEXT NOT NULL,
    "filed_by_user_id" TEXT,
    "eligibility" JSONB NOT NULL,
    "prepared_on" DATE,
    "prepared_by_user_id" TEXT,
    "decided_on" DATE,
    "decided_by_org_id" TEXT,
    "decided_by_user_id" TEXT,
    "decision_note" TEXT,
    "computation" JSONB,
    "approved_amount" DECIMAL(20,2),
    "budget_year" INTEGER,
    "paid_out_on" DATE,
    "payment_reference" TEXT,
    "paid_by_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subsidy_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_compensation"."subsidy_budget_years" (
    "scheme_id" TEXT NOT NULL,
    "budget_year" INTEGER NOT NULL,
    "budget" DECIMAL(20,2) NOT NULL,
    "used" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "paid" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subsidy_budget_years_pkey" PRIMARY KEY ("scheme_id","budget_year")
);

-- CreateTable
CREATE TABLE "risk_compensation"."loan_overdue_reports" (
    "loan_id" TEXT NOT NULL,
    "overdue_since" DATE NOT NULL,
    "reported_on" DATE NOT NULL,
    "days_past_due" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "loan_overdue_reports_pkey" PRIMARY KEY ("loan_id","overdue_since","reported_on")
);

-- CreateIndex
CREATE INDEX "subsidy_applications_scheme_id_status_idx" ON "risk_compensation"."subsidy_applications"("scheme_id", "status");

-- CreateIndex
CREATE INDEX "subsidy_applications_loan_id_kind_idx" ON "risk_compensation"."subsidy_applications"("loan_id", "kind");

-- CreateIndex
CREATE INDEX "subsidy_applications_borrower_uscc_scheme_id_budget_year_idx" ON "risk_compensation"."subsidy_applications"("borrower_uscc", "scheme_id", "budget_year");


-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_status_valid"
  CHECK ("status" IN ('PENDING', 'PREPARED', 'APPROVED', 'REJECTED', 'PAID'));
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_kind_valid"
  CHECK ("kind" IN ('interest', 'evaluation-fee', 'guarantee-fee', 'insurance-premium'));
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_amount_paid_positive" CHECK ("amount_paid" > 0);
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_approved_within_paid"
  CHECK ("approved_amount" IS NULL OR ("approved_amount" >= 0 AND "approved_amount" <= "amount_paid"));
-- An interest subsidy names its period, a fee subsidy the day the fee was paid.
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_dates_of_kind" CHECK (
  ("kind" = 'interest' AND "period_from" IS NOT NULL AND "period_to" IS NOT NULL AND "period_to" > "period_from" AND "fee_paid_on" IS NULL)
  OR ("kind" <> 'interest' AND "fee_paid_on" IS NOT NULL AND "period_from" IS NULL AND "period_to" IS NULL)
);
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_decided_complete" CHECK (
  ("status" IN ('APPROVED', 'PAID')) = ("approved_amount" IS NOT NULL AND "budget_year" IS NOT NULL AND "computation" IS NOT NULL)
);
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_paid_complete" CHECK (
  ("status" = 'PAID') = ("paid_out_on" IS NOT NULL AND "payment_reference" IS NOT NULL)
);
-- 四眼原则, held by the database too: the preparer never approves, the approver never records the payout.
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_prepared_by_another"
  CHECK ("prepared_by_user_id" IS NULL OR "decided_by_user_id" IS DISTINCT FROM "prepared_by_user_id");
ALTER TABLE "risk_compensation"."subsidy_applications" ADD CONSTRAINT "subsidy_applications_paid_by_another"
  CHECK ("paid_by_user_id" IS NULL OR "paid_by_user_id" IS DISTINCT FROM "decided_by_user_id");
-- One live application per loan, kind and period (or fee payment day): the same cost is never paid twice.
CREATE UNIQUE INDEX "subsidy_applications_one_live_per_cost" ON "risk_compensation"."subsidy_applications"
  ("loan_id", "kind", (COALESCE("period_from", "fee_paid_on")))
  WHERE "status" <> 'REJECTED';

ALTER TABLE "risk_compensation"."subsidy_budget_years" ADD CONSTRAINT "subsidy_budget_years_within_budget"
  CHECK ("used" >= 0 AND "used" <= "budget" AND "paid" >= 0 AND "paid" <= "used");
ALTER TABLE "risk_compensation"."loan_overdue_reports" ADD CONSTRAINT "loan_overdue_reports_days_positive" CHECK ("days_past_due" >= 1);
