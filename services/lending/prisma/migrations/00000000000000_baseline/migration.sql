-- Baseline of the lending service's own migration history: what the single history of every
-- service (prisma/legacy/migrations, up to 20261206130000_pledge_registration_calendar) built in
-- the schema "lending". A database migrated with that history gets this migration marked as
-- applied instead of run (scripts/prisma.mjs migrate deploy). Prisma's part is
-- `migrate diff --from-empty` of services/lending/prisma; the hand-written rules follow it.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "lending";

-- CreateTable
CREATE TABLE "lending"."outbox" (
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
CREATE TABLE "lending"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "lending"."idempotency_keys" (
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
CREATE TABLE "lending"."pledge_facts" (
    "pledge_id" TEXT NOT NULL,
    "application_event_id" UUID,
    "bank_org_id" TEXT,
    "pledgor_uscc" TEXT,
    "pledgor_name" TEXT,
    "requested_loan_amount" DECIMAL(20,2),
    "term_months" INTEGER,
    "district_code" TEXT,
    "ip_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "registration_event_id" UUID,
    "registration_number" TEXT,
    "registration_date" DATE,
    "valuation_event_id" UUID,
    "valuation_id" TEXT,
    "appraiser_org_id" TEXT,
    "appraised_value" DECIMAL(20,2),
    "valuation_date" DATE,
    "valuation_valid_until" DATE,
    "registration_version" INTEGER,
    "released_on" DATE,

    CONSTRAINT "pledge_facts_pkey" PRIMARY KEY ("pledge_id")
);

-- CreateTable
CREATE TABLE "lending"."loans" (
    "id" TEXT NOT NULL,
    "pledge_id" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "borrower_uscc" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "principal" DECIMAL(20,2) NOT NULL,
    "outstanding_principal" DECIMAL(20,2) NOT NULL,
    "interest_paid" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "annual_interest_rate" DECIMAL(9,6) NOT NULL,
    "term_months" INTEGER NOT NULL,
    "disbursed_on" DATE NOT NULL,
    "maturity_date" DATE NOT NULL,
    "loan_to_value_limit" DECIMAL(5,4) NOT NULL,
    "closed_on" DATE,
    "close_reason" TEXT,
    "guarantor_org_id" TEXT,
    "insurer_org_id" TEXT,
    "overdue_since" DATE,
    "days_past_due" INTEGER,
    "overdue_interest" DECIMAL(20,2),
    "defaulted_on" DATE,
    "accrued_interest" DECIMAL(20,2),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "loans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lending"."repayments" (
    "id" TEXT NOT NULL,
    "loan_id" TEXT NOT NULL,
    "principal_amount" DECIMAL(20,2) NOT NULL,
    "interest_amount" DECIMAL(20,2) NOT NULL,
    "repaid_on" DATE NOT NULL,
    "outstanding_after" DECIMAL(20,2) NOT NULL,
    "actor_org_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "repayments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lending"."loan_transitions" (
    "id" BIGSERIAL NOT NULL,
    "loan_id" TEXT NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "actor_org_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "causation_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "loan_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "lending"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "lending"."outbox"("published_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "loans_pledge_id_key" ON "lending"."loans"("pledge_id");

-- CreateIndex
CREATE INDEX "loans_bank_org_id_status_idx" ON "lending"."loans"("bank_org_id", "status");

-- CreateIndex
CREATE INDEX "repayments_loan_id_idx" ON "lending"."repayments"("loan_id");

-- CreateIndex
CREATE INDEX "loan_transitions_loan_id_idx" ON "lending"."loan_transitions"("loan_id");

-- AddForeignKey
ALTER TABLE "lending"."repayments" ADD CONSTRAINT "repayments_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "lending"."loans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lending"."loan_transitions" ADD CONSTRAINT "loan_transitions_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "lending"."loans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

-- The outstanding principal stays between zero and the principal.
ALTER TABLE "lending"."loans" ADD CONSTRAINT "loans_outstanding_within_principal" CHECK ("outstanding_principal" >= 0 AND "outstanding_principal" <= "principal");
-- Amounts never negative, days past due at least one.
ALTER TABLE "lending"."loans" ADD CONSTRAINT "loans_overdue_figures_valid" CHECK (
  ("days_past_due" IS NULL OR "days_past_due" >= 1) AND ("overdue_interest" IS NULL OR "overdue_interest" >= 0) AND ("accrued_interest" IS NULL OR "accrued_interest" >= 0)
);
