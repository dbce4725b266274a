-- Baseline of the audit service's own migration history: what the single history of every
-- service (prisma/legacy/migrations, up to 20261206130000_pledge_registration_calendar) built in
-- the schema "audit". A database migrated with that history gets this migration marked as
-- applied instead of run (scripts/prisma.mjs migrate deploy). Prisma's part is
-- `migrate diff --from-empty` of services/audit/prisma; the hand-written rules follow it.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "audit";

-- CreateTable
CREATE TABLE "audit"."outbox" (
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
CREATE TABLE "audit"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "audit"."idempotency_keys" (
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
CREATE TABLE "audit"."entries" (
    "audit_id" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "service" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "target_id" TEXT,
    "actor_org_id" TEXT,
    "actor_role" TEXT,
    "actor_user_id" TEXT,
    "request_id" TEXT NOT NULL,
    "correlation_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "reason" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entries_pkey" PRIMARY KEY ("audit_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "audit"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "audit"."outbox"("published_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "entries_event_id_key" ON "audit"."entries"("event_id");

-- CreateIndex
CREATE INDEX "entries_at_idx" ON "audit"."entries"("at");

-- CreateIndex
CREATE INDEX "entries_target_id_at_idx" ON "audit"."entries"("target_id", "at");

-- CreateIndex
CREATE INDEX "entries_actor_user_id_at_idx" ON "audit"."entries"("actor_user_id", "at");

-- CreateIndex
CREATE INDEX "entries_actor_org_id_at_idx" ON "audit"."entries"("actor_org_id", "at");

-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

-- The audit trail is append-only. Nobody updates, deletes or truncates an entry through the
-- system (the same rule as the ledger's journal).
CREATE FUNCTION "audit"."reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "entries_append_only" BEFORE UPDATE OR DELETE ON "audit"."entries"
  FOR EACH ROW EXECUTE FUNCTION "audit"."reject_change"();
CREATE TRIGGER "entries_no_truncate" BEFORE TRUNCATE ON "audit"."entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit"."reject_change"();

-- An entry's outcome and method are the contract's.
ALTER TABLE "audit"."entries" ADD CONSTRAINT "entries_outcome_valid" CHECK ("outcome" IN ('succeeded', 'denied', 'refused', 'failed'));
ALTER TABLE "audit"."entries" ADD CONSTRAINT "entries_method_valid" CHECK ("method" IN ('GET', 'POST'));
