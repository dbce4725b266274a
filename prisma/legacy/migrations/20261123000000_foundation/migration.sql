-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "ledger";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "lending";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "pledge_registration";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "valuation";

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
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
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

    CONSTRAINT "pledge_transitions_pkey" PRIMARY KEY ("id")
);

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
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("actor_org_id","key")
);

-- CreateTable
CREATE TABLE "valuation"."known_pledges" (
    "pledge_id" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "ip_types" TEXT[],
    "learned_from" UUID NOT NULL,

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
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("actor_org_id","key")
);

-- CreateTable
CREATE TABLE "lending"."pledge_facts" (
    "pledge_id" TEXT NOT NULL,
    "bank_org_id" TEXT NOT NULL,
    "pledgor_uscc" TEXT NOT NULL,
    "pledgor_name" TEXT NOT NULL,
    "requested_loan_amount" DECIMAL(20,2) NOT NULL,
    "term_months" INTEGER NOT NULL,
    "district_code" TEXT NOT NULL,
    "ip_types" TEXT[],
    "registration_number" TEXT,
    "registration_date" DATE,
    "valuation_id" TEXT,
    "appraised_value" DECIMAL(20,2),
    "valuation_date" DATE,
    "valuation_valid_until" DATE,

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
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("actor_org_id","key")
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

-- CreateIndex
CREATE INDEX "pledge_applications_bank_org_id_status_idx" ON "pledge_registration"."pledge_applications"("bank_org_id", "status");

-- CreateIndex
CREATE INDEX "pledge_ip_items_ip_type_number_idx" ON "pledge_registration"."pledge_ip_items"("ip_type", "number");

-- CreateIndex
CREATE INDEX "pledge_transitions_pledge_id_idx" ON "pledge_registration"."pledge_transitions"("pledge_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "pledge_registration"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "pledge_registration"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "valuations_pledge_id_idx" ON "valuation"."valuations"("pledge_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "valuation"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "valuation"."outbox"("published_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "loans_pledge_id_key" ON "lending"."loans"("pledge_id");

-- CreateIndex
CREATE INDEX "loans_bank_org_id_status_idx" ON "lending"."loans"("bank_org_id", "status");

-- CreateIndex
CREATE INDEX "repayments_loan_id_idx" ON "lending"."repayments"("loan_id");

-- CreateIndex
CREATE INDEX "loan_transitions_loan_id_idx" ON "lending"."loan_transitions"("loan_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "lending"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "lending"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "accounts_party_type_party_id_idx" ON "ledger"."accounts"("party_type", "party_id");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_sequence_key" ON "ledger"."journal_entries"("sequence");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_event_id_key" ON "ledger"."journal_entries"("event_id");

-- CreateIndex
CREATE INDEX "postings_account_code_idx" ON "ledger"."postings"("account_code");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "ledger"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "ledger"."outbox"("published_at", "id");

-- AddForeignKey
ALTER TABLE "pledge_registration"."pledge_ip_items" ADD CONSTRAINT "pledge_ip_items_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge_registration"."pledge_transitions" ADD CONSTRAINT "pledge_transitions_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lending"."repayments" ADD CONSTRAINT "repayments_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "lending"."loans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lending"."loan_transitions" ADD CONSTRAINT "loan_transitions_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "lending"."loans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "ledger"."journal_entries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_account_code_fkey" FOREIGN KEY ("account_code") REFERENCES "ledger"."accounts"("code") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ───────────── Hand-written invariants (Prisma's diff neither creates nor drops these) ─────────────

-- Money is never negative on a posting, and a posting is a debit or a credit.
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "ledger"."postings" ADD CONSTRAINT "postings_direction_valid" CHECK ("direction" IN ('DEBIT', 'CREDIT'));
ALTER TABLE "ledger"."accounts" ADD CONSTRAINT "accounts_normal_side_valid" CHECK ("normal_side" IN ('DEBIT', 'CREDIT'));
ALTER TABLE "ledger"."accounts" ADD CONSTRAINT "accounts_posted_non_negative" CHECK ("debits_posted" >= 0 AND "credits_posted" >= 0);
ALTER TABLE "lending"."loans" ADD CONSTRAINT "loans_outstanding_within_principal" CHECK ("outstanding_principal" >= 0 AND "outstanding_principal" <= "principal");

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

-- The chain starts from a fixed genesis hash (64 zeros) at sequence 0.
INSERT INTO "ledger"."chain_head" ("id", "sequence", "hash") VALUES (1, 0, repeat('0', 64));
