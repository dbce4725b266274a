-- Baseline of the risk-compensation service's own migration history: what the single history of every
-- service (prisma/legacy/migrations, up to 20261206130000_pledge_registration_calendar) built in
-- the schema "risk_compensation". A database migrated with that history gets this migration marked as
-- applied instead of run (scripts/prisma.mjs migrate deploy). Prisma's part is
-- `migrate diff --from-empty` of services/risk-compensation/prisma; the hand-written rules follow it.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "risk_compensation";

-- CreateTable
CREATE TABLE "risk_compensation"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "envelope" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_compensation"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "risk_compensation"."idempotency_keys" (
    "actor_org_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "response_events" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("actor_org_id","key")
);

-- CreateTable
CREATE TABLE "risk_compensation"."compensation_policies" (
    "id" TEXT NOT NULL,
    "series_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "policy_version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "document" JSONB NOT NULL,
    "created_by_org_id" TEXT NOT NULL,
    "created_by_user_id" TEXT,
    "published_by_org_id" TEXT,
    "published_by_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "compensation_policies_pkey" PRIMARY KEY ("id")
);

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
    "filing_deadline_provisional" BOOLEAN NOT NULL DEFAULT false,
    "eligibility" JSONB NOT NULL,
    "prepared_on" DATE,
    "prepared_by_org_id" TEXT,
    "prepared_by_user_id" TEXT,
    "prepared_note" TEXT,
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
    "paid_by_org_id" TEXT,
    "paid_by_user_id" TEXT,
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
    "closed_on" DATE,
    "closed_at" TIMESTAMPTZ(3),
    "closed_by_org_id" TEXT,
    "closed_by_user_id" TEXT,
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

-- CreateTable
CREATE TABLE "risk_compensation"."calendar_years" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "holidays" TEXT[],
    "make_up_working_days" TEXT[],
    "drafted_by_org_id" TEXT,
    "drafted_by_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by_org_id" TEXT,
    "published_by_user_id" TEXT,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "calendar_years_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "risk_compensation"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "risk_compensation"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "compensation_policies_status_idx" ON "risk_compensation"."compensation_policies"("status");

-- CreateIndex
CREATE UNIQUE INDEX "compensation_policies_series_id_policy_version_key" ON "risk_compensation"."compensation_policies"("series_id", "policy_version");

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
CREATE UNIQUE INDEX "calendar_years_year_revision_key" ON "risk_compensation"."calendar_years"("year", "revision");

-- AddForeignKey
ALTER TABLE "risk_compensation"."claim_parts" ADD CONSTRAINT "claim_parts_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "risk_compensation"."claims"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

-- A published policy version is frozen. Claims are judged by the version in force when the loan
-- was disbursed, so no UPDATE or DELETE may touch a PUBLISHED row; a change is a new version.
CREATE FUNCTION "risk_compensation"."reject_published_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'PUBLISHED' THEN
    RAISE EXCEPTION 'compensation policy % version % is published and cannot be changed: % is not allowed', OLD."id", OLD."policy_version", TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "compensation_policies_published_frozen" BEFORE UPDATE OR DELETE ON "risk_compensation"."compensation_policies"
  FOR EACH ROW EXECUTE FUNCTION "risk_compensation"."reject_published_change"();

-- One claim per loan that is not rejected: two racing filings cannot both succeed.
CREATE UNIQUE INDEX "claims_one_open_per_loan" ON "risk_compensation"."claims"("loan_id") WHERE "status" <> 'REJECTED';
-- PREPARED is a claim state (reviewed by one bureau user, waiting for another's approval).
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_status_valid" CHECK ("status" IN ('PENDING', 'PREPARED', 'APPROVED', 'REJECTED', 'PAID', 'CLOSED'));
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_amounts_non_negative" CHECK (
  coalesce("approved_amount", 0) >= 0 AND coalesce("fund_payable", 0) >= 0 AND coalesce("fund_shortfall", 0) >= 0 AND coalesce("paid_amount", 0) >= 0
);
ALTER TABLE "risk_compensation"."claim_parts" ADD CONSTRAINT "claim_parts_amounts_non_negative" CHECK ("amount" >= 0 AND "returned" >= 0);
-- The fund's budget can never be overdrawn, whatever interleaving of approvals.
ALTER TABLE "risk_compensation"."fund_budgets" ADD CONSTRAINT "fund_budgets_within_appropriation" CHECK (
  "used" >= 0 AND "used" <= "appropriated" AND "paid" >= 0 AND "paid" <= "used" AND "shortfall" >= 0 AND "recovered" >= 0
);
ALTER TABLE "risk_compensation"."borrower_year_coverage" ADD CONSTRAINT "borrower_year_coverage_non_negative" CHECK ("approved" >= 0);
-- A claim approved above the threshold names two different users (enforced by the service; kept true here).
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_prepared_by_another" CHECK ("prepared_by_user_id" IS NULL OR "decided_by_user_id" IS NULL OR "prepared_by_user_id" <> "decided_by_user_id" OR "status" = 'REJECTED');

-- 四眼原则 on payouts. The bureau user who records the payout is not the approver.
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_paid_by_another" CHECK (
  "paid_by_user_id" IS NULL OR "decided_by_user_id" IS NULL OR "paid_by_user_id" <> "decided_by_user_id"
);

-- A closed budget year is never charged again. Approvals and closing lock the same row
-- (SELECT … FOR UPDATE), so the service sees the close; this trigger backs it up: once closed_at is
-- set, used, shortfall, claims_approved, recovered and appropriated never change and the close is
-- never undone. Paying out what was approved before the close (paid) is still allowed.
ALTER TABLE "risk_compensation"."fund_budgets" ADD CONSTRAINT "fund_budgets_closed_complete" CHECK (
  ("closed_at" IS NULL AND "closed_on" IS NULL AND "closed_by_org_id" IS NULL) OR ("closed_at" IS NOT NULL AND "closed_on" IS NOT NULL AND "closed_by_org_id" IS NOT NULL)
);
CREATE FUNCTION "risk_compensation"."reject_closed_budget_charge"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."closed_at" IS NOT NULL AND (
    NEW."closed_at" IS DISTINCT FROM OLD."closed_at" OR NEW."used" <> OLD."used" OR NEW."shortfall" <> OLD."shortfall"
    OR NEW."claims_approved" <> OLD."claims_approved" OR NEW."recovered" <> OLD."recovered" OR NEW."appropriated" <> OLD."appropriated"
  ) THEN
    RAISE EXCEPTION 'budget year % of fund % is closed and is never charged again', OLD."budget_year", OLD."fund_id"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "fund_budgets_closed_frozen" BEFORE UPDATE ON "risk_compensation"."fund_budgets"
  FOR EACH ROW EXECUTE FUNCTION "risk_compensation"."reject_closed_budget_charge"();

-- The working-day calendar. One open draft per year; a published revision is frozen.
ALTER TABLE "risk_compensation"."calendar_years" ADD CONSTRAINT "calendar_years_status_valid" CHECK ("status" IN ('DRAFT', 'PUBLISHED'));
ALTER TABLE "risk_compensation"."calendar_years" ADD CONSTRAINT "calendar_years_published_complete" CHECK (("status" = 'PUBLISHED') = ("published_at" IS NOT NULL));
ALTER TABLE "risk_compensation"."calendar_years" ADD CONSTRAINT "calendar_years_published_by_another" CHECK (
  "published_by_user_id" IS NULL OR "drafted_by_user_id" IS NULL OR "published_by_user_id" <> "drafted_by_user_id"
);
CREATE UNIQUE INDEX "calendar_years_one_draft_per_year" ON "risk_compensation"."calendar_years"("year") WHERE "status" = 'DRAFT';
CREATE FUNCTION "risk_compensation"."reject_published_calendar_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'PUBLISHED' THEN
    RAISE EXCEPTION 'calendar year % revision % is published and cannot be changed: % is not allowed (a correction is a new revision)', OLD."year", OLD."revision", TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "calendar_years_published_frozen" BEFORE UPDATE OR DELETE ON "risk_compensation"."calendar_years"
  FOR EACH ROW EXECUTE FUNCTION "risk_compensation"."reject_published_calendar_change"();
