-- Baseline of the valuation service's own migration history: what the single history of every
-- service (prisma/legacy/migrations, up to 20261206130000_pledge_registration_calendar) built in
-- the schema "valuation". A database migrated with that history gets this migration marked as
-- applied instead of run (scripts/prisma.mjs migrate deploy). Prisma's part is
-- `migrate diff --from-empty` of services/valuation/prisma; the hand-written rules follow it.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "valuation";

-- CreateTable
CREATE TABLE "valuation"."outbox" (
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
CREATE TABLE "valuation"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "valuation"."idempotency_keys" (
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
CREATE TABLE "valuation"."known_pledges" (
    "pledge_id" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "ip_types" TEXT[],
    "learned_from" UUID NOT NULL,
    "appraiser_org_id" TEXT,

    CONSTRAINT "known_pledges_pkey" PRIMARY KEY ("pledge_id")
);

-- CreateTable
CREATE TABLE "valuation"."valuations" (
    "id" TEXT NOT NULL,
    "pledge_id" TEXT NOT NULL,
    "appraiser_org_id" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "appraised_value" DECIMAL(20,2) NOT NULL,
    "valuation_date" DATE NOT NULL,
    "valid_until" DATE NOT NULL,
    "report_number" TEXT,
    "actor_role" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "valuations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "valuation"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "valuation"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "valuations_pledge_id_idx" ON "valuation"."valuations"("pledge_id");
