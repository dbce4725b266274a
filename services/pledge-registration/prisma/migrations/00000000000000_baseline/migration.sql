-- Baseline of the pledge-registration service's own migration history: what the single history of every
-- service (prisma/legacy/migrations, up to 20261206130000_pledge_registration_calendar) built in
-- the schema "pledge_registration". A database migrated with that history gets this migration marked as
-- applied instead of run (scripts/prisma.mjs migrate deploy). Prisma's part is
-- `migrate diff --from-empty` of services/pledge-registration/prisma; the hand-written rules follow it.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "pledge_registration";

-- CreateTable
CREATE TABLE "pledge_registration"."outbox" (
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
CREATE TABLE "pledge_registration"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "pledge_registration"."idempotency_keys" (
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
CREATE TABLE "pledge_registration"."pledge_applications" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "pledgor_uscc" TEXT NOT NULL,
    "pledgor_name" TEXT NOT NULL,
    "requested_loan_amount" DECIMAL(20,2) NOT NULL,
    "term_months" INTEGER NOT NULL,
    "district_code" TEXT NOT NULL,
    "registration_number" TEXT,
    "registration_date" DATE,
    "loan_id" TEXT,
    "released_on" DATE,
    "loan_defaulted_on" DATE,
    "disposal_method" TEXT,
    "disposal_gross_proceeds" DECIMAL(20,2),
    "disposal_costs" DECIMAL(20,2),
    "disposal_net_proceeds" DECIMAL(20,2),
    "disposed_on" DATE,
    "appraiser_org_id" TEXT,
    "correction_reasons" JSONB,
    "refusal_reason" TEXT,
    "refusal_note" TEXT,
    "registration_version" INTEGER,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "pledge_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pledge_registration"."pledge_ip_items" (
    "pledge_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "ip_type" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT,

    CONSTRAINT "pledge_ip_items_pkey" PRIMARY KEY ("pledge_id","position")
);

-- CreateTable
CREATE TABLE "pledge_registration"."pledge_transitions" (
    "id" BIGSERIAL NOT NULL,
    "pledge_id" TEXT NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "actor_org_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "causation_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "command" TEXT,
    "on_date" DATE,
    "details" JSONB,

    CONSTRAINT "pledge_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pledge_registration"."registration_versions" (
    "pledge_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "registration_number" TEXT NOT NULL,
    "effective_on" DATE NOT NULL,
    "secured_amount" DECIMAL(20,2) NOT NULL,
    "term_months" INTEGER NOT NULL,
    "pledgor_name" TEXT NOT NULL,
    "note" TEXT,
    "actor_org_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "registration_versions_pkey" PRIMARY KEY ("pledge_id","version")
);

-- CreateTable
CREATE TABLE "pledge_registration"."calendar_years" (
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "calendar_year_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "holidays" TEXT[],
    "make_up_working_days" TEXT[],
    "event_id" TEXT NOT NULL,

    CONSTRAINT "calendar_years_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "pledge_registration"."pledged_rights" (
    "id" BIGSERIAL NOT NULL,
    "pledge_id" TEXT NOT NULL,
    "ip_type" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "registration_number" TEXT NOT NULL,
    "registered_on" DATE NOT NULL,
    "freed_on" DATE,
    "freed_by" TEXT,

    CONSTRAINT "pledged_rights_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "pledge_registration"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "pledge_registration"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "pledge_applications_bank_org_id_status_idx" ON "pledge_registration"."pledge_applications"("bank_org_id", "status");

-- CreateIndex
CREATE INDEX "pledge_ip_items_ip_type_number_idx" ON "pledge_registration"."pledge_ip_items"("ip_type", "number");

-- CreateIndex
CREATE INDEX "pledge_transitions_pledge_id_idx" ON "pledge_registration"."pledge_transitions"("pledge_id");

-- CreateIndex
CREATE INDEX "pledged_rights_pledge_id_idx" ON "pledge_registration"."pledged_rights"("pledge_id");

-- CreateIndex
CREATE INDEX "pledged_rights_ip_type_number_idx" ON "pledge_registration"."pledged_rights"("ip_type", "number");

-- AddForeignKey
ALTER TABLE "pledge_registration"."pledge_ip_items" ADD CONSTRAINT "pledge_ip_items_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge_registration"."pledge_transitions" ADD CONSTRAINT "pledge_transitions_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge_registration"."registration_versions" ADD CONSTRAINT "registration_versions_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge_registration"."pledged_rights" ADD CONSTRAINT "pledged_rights_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

-- A disposal is recorded whole: method, proceeds and date together.
ALTER TABLE "pledge_registration"."pledge_applications" ADD CONSTRAINT "pledge_disposal_complete" CHECK (
  ("disposed_on" IS NULL AND "disposal_method" IS NULL AND "disposal_net_proceeds" IS NULL)
  OR ("disposed_on" IS NOT NULL AND "disposal_method" IS NOT NULL AND "disposal_gross_proceeds" >= 0 AND "disposal_costs" >= 0 AND "disposal_net_proceeds" >= 0)
);

-- A right carries at most one registered pledge: one row not yet freed per (ip_type, number).
-- Registration inserts with ON CONFLICT against this index, so two racing registrations of one
-- right cannot both commit.
CREATE UNIQUE INDEX "pledged_rights_one_registered_pledge"
  ON "pledge_registration"."pledged_rights" ("ip_type", "number") WHERE "freed_on" IS NULL;

ALTER TABLE "pledge_registration"."pledged_rights"
  ADD CONSTRAINT "pledged_rights_freed_together" CHECK (("freed_on" IS NULL) = ("freed_by" IS NULL)),
  ADD CONSTRAINT "pledged_rights_freed_by" CHECK ("freed_by" IS NULL OR "freed_by" IN ('released', 'disposed'));

ALTER TABLE "pledge_registration"."registration_versions"
  ADD CONSTRAINT "registration_versions_version_positive" CHECK ("version" >= 1),
  ADD CONSTRAINT "registration_versions_secured_amount_positive" CHECK ("secured_amount" > 0);

ALTER TABLE "pledge_registration"."calendar_years" ADD CONSTRAINT "calendar_years_revision_positive" CHECK ("revision" >= 1);
