-- Baseline of the statistics service's own migration history: what the single history of every
-- service (prisma/legacy/migrations, up to 20261206130000_pledge_registration_calendar) built in
-- the schema "statistics". A database migrated with that history gets this migration marked as
-- applied instead of run (scripts/prisma.mjs migrate deploy). Prisma's part is
-- `migrate diff --from-empty` of services/statistics/prisma; the hand-written rules follow it.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "statistics";

-- CreateTable
CREATE TABLE "statistics"."outbox" (
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
CREATE TABLE "statistics"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "statistics"."idempotency_keys" (
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
CREATE TABLE "statistics"."deals" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ip_items" JSONB NOT NULL,
    "from_uscc" TEXT NOT NULL,
    "from_name" TEXT NOT NULL,
    "to_uscc" TEXT NOT NULL,
    "to_name" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "contract_date" DATE NOT NULL,
    "district_code" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "recorded_by_org_id" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversed_on" DATE,
    "reversal_reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "deals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statistics"."rollups" (
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "amount" DECIMAL(22,2) NOT NULL DEFAULT 0,

    CONSTRAINT "rollups_pkey" PRIMARY KEY ("year","month","category","dimension","value")
);

-- CreateTable
CREATE TABLE "statistics"."counters" (
    "year" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "amount" DECIMAL(22,2) NOT NULL DEFAULT 0,

    CONSTRAINT "counters_pkey" PRIMARY KEY ("year","metric")
);

-- CreateTable
CREATE TABLE "statistics"."registration_durations" (
    "year" INTEGER NOT NULL,
    "days" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "registration_durations_pkey" PRIMARY KEY ("year","days")
);

-- CreateTable
CREATE TABLE "statistics"."pledge_submissions" (
    "pledge_id" TEXT NOT NULL,
    "submitted_on" DATE NOT NULL,

    CONSTRAINT "pledge_submissions_pkey" PRIMARY KEY ("pledge_id")
);

-- CreateTable
CREATE TABLE "statistics"."fund_budgets" (
    "fund_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "appropriated" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "used" DECIMAL(20,2) NOT NULL DEFAULT 0,

    CONSTRAINT "fund_budgets_pkey" PRIMARY KEY ("fund_id","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "statistics"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "statistics"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "deals_contract_date_idx" ON "statistics"."deals"("contract_date");

-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

ALTER TABLE "statistics"."deals" ADD CONSTRAINT "deals_kind_valid" CHECK ("kind" IN ('licensing', 'transfer', 'capital-contribution'));
ALTER TABLE "statistics"."deals" ADD CONSTRAINT "deals_status_valid" CHECK ("status" IN ('RECORDED', 'REVERSED'));
ALTER TABLE "statistics"."deals" ADD CONSTRAINT "deals_amount_positive" CHECK ("amount" > 0);
-- Rollups never go below zero: a reversal takes back only what a recording added.
ALTER TABLE "statistics"."rollups" ADD CONSTRAINT "rollups_non_negative" CHECK ("count" >= 0 AND "amount" >= 0);
ALTER TABLE "statistics"."rollups" ADD CONSTRAINT "rollups_month_valid" CHECK ("month" BETWEEN 1 AND 12);
