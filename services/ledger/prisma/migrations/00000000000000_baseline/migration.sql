-- Baseline of the ledger service's own migration history: what the single history of every
-- service (prisma/legacy/migrations, up to 20261206130000_pledge_registration_calendar) built in
-- the schema "ledger". A database migrated with that history gets this migration marked as
-- applied instead of run (scripts/prisma.mjs migrate deploy). Prisma's part is
-- `migrate diff --from-empty` of services/ledger/prisma; the hand-written rules follow it.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "ledger";

-- CreateTable
CREATE TABLE "ledger"."outbox" (
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
CREATE TABLE "ledger"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "ledger"."accounts" (
    "code" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "normal_side" TEXT NOT NULL,
    "party_type" TEXT NOT NULL,
    "party_id" TEXT NOT NULL,
    "allow_negative" BOOLEAN NOT NULL,
    "debits_posted" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "credits_posted" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ledger"."journal_entries" (
    "id" TEXT NOT NULL,
    "sequence" BIGINT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "effective_date" DATE NOT NULL,
    "reverses_entry_id" TEXT,
    "correlation_id" TEXT NOT NULL,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "journal_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger"."postings" (
    "entry_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "account_code" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "postings_pkey" PRIMARY KEY ("entry_id","position")
);

-- CreateTable
CREATE TABLE "ledger"."chain_head" (
    "id" INTEGER NOT NULL,
    "sequence" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger"."checkpoints" (
    "sequence" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "checkpoints_pkey" PRIMARY KEY ("sequence")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "ledger"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "ledger"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "accounts_party_type_party_id_idx" ON "ledger"."accounts"("party_type", "party_id");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_sequence_key" ON "ledger"."journal_entries"("sequence");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_event_id_key" ON "ledger"."journal_entries"("event_id");

-- CreateIndex
CREATE INDEX "postings_account_code_idx" ON "ledger"."postings"("account_code");

-- AddForeignKey
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "ledger"."journal_entries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_account_code_fkey" FOREIGN KEY ("account_code") REFERENCES "ledger"."accounts"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

-- Money is never negative on a posting, and a posting is a debit or a credit.
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_direction_valid" CHECK ("direction" IN ('DEBIT', 'CREDIT'));
ALTER TABLE "ledger"."accounts" ADD CONSTRAINT "accounts_normal_side_valid" CHECK ("normal_side" IN ('DEBIT', 'CREDIT'));
ALTER TABLE "ledger"."accounts" ADD CONSTRAINT "accounts_posted_non_negative" CHECK ("debits_posted" >= 0 AND "credits_posted" >= 0);

-- The ledger is append-only: posted entries and postings are never updated or deleted;
-- a mistake is corrected by a reversing entry.
CREATE FUNCTION "ledger"."reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger is append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "journal_entries_append_only" BEFORE UPDATE OR DELETE ON "ledger"."journal_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger"."reject_change"();
CREATE TRIGGER "postings_append_only" BEFORE UPDATE OR DELETE ON "ledger"."postings"
  FOR EACH ROW EXECUTE FUNCTION "ledger"."reject_change"();
CREATE TRIGGER "journal_entries_no_truncate" BEFORE TRUNCATE ON "ledger"."journal_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger"."reject_change"();
CREATE TRIGGER "postings_no_truncate" BEFORE TRUNCATE ON "ledger"."postings"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger"."reject_change"();

-- Checkpoints are evidence: once written they never change.
CREATE TRIGGER "checkpoints_append_only" BEFORE UPDATE OR DELETE ON "ledger"."checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "ledger"."reject_change"();
CREATE TRIGGER "checkpoints_no_truncate" BEFORE TRUNCATE ON "ledger"."checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger"."reject_change"();

-- The chain starts from a fixed genesis hash (64 zeros) at sequence 0.
INSERT INTO "ledger"."chain_head" ("id", "sequence", "hash") VALUES (1, 0, repeat('0', 64));
