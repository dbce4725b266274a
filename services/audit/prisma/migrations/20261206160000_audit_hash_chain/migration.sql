-- AlterTable
ALTER TABLE "audit"."entries" ADD COLUMN     "source_address" TEXT,
ADD COLUMN     "user_agent" TEXT;

-- CreateTable
CREATE TABLE "audit"."chain_links" (
    "sequence" BIGINT NOT NULL,
    "audit_id" TEXT NOT NULL,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "chained_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chain_links_pkey" PRIMARY KEY ("sequence")
);

-- CreateTable
CREATE TABLE "audit"."chain_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "sequence" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit"."checkpoints" (
    "sequence" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "checkpoints_pkey" PRIMARY KEY ("sequence")
);

-- CreateIndex
CREATE UNIQUE INDEX "chain_links_audit_id_key" ON "audit"."chain_links"("audit_id");

-- AddForeignKey
ALTER TABLE "audit"."chain_links" ADD CONSTRAINT "chain_links_audit_id_fkey" FOREIGN KEY ("audit_id") REFERENCES "audit"."entries"("audit_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the chain starts at genesis (sequence 0, 64 zeros); entries stored before this
-- migration are linked by the audit service on its next start, in the order they were recorded.
INSERT INTO "audit"."chain_head" ("id", "sequence", "hash") VALUES (1, 0, repeat('0', 64));

ALTER TABLE "audit"."chain_head" ADD CONSTRAINT "chain_head_single_row" CHECK ("id" = 1);

ALTER TABLE "audit"."chain_head" ADD CONSTRAINT "chain_head_sequence_not_negative" CHECK ("sequence" >= 0);

ALTER TABLE "audit"."chain_links" ADD CONSTRAINT "chain_links_sequence_positive" CHECK ("sequence" > 0);

ALTER TABLE "audit"."chain_links" ADD CONSTRAINT "chain_links_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "previous_hash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "audit"."checkpoints" ADD CONSTRAINT "checkpoints_sequence_positive" CHECK ("sequence" > 0);

-- The links and the checkpoints are evidence: append-only, like the entries (audit.reject_change).
CREATE TRIGGER "chain_links_append_only" BEFORE UPDATE OR DELETE ON "audit"."chain_links"
  FOR EACH ROW EXECUTE FUNCTION "audit"."reject_change"();

CREATE TRIGGER "chain_links_no_truncate" BEFORE TRUNCATE ON "audit"."chain_links"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit"."reject_change"();

CREATE TRIGGER "checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit"."checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "audit"."reject_change"();

CREATE TRIGGER "checkpoints_no_truncate" BEFORE TRUNCATE ON "audit"."checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit"."reject_change"();

-- The head only moves forward, one link at a time; it is never removed.
CREATE FUNCTION "audit"."head_moves_forward"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."sequence" <> OLD."sequence" + 1 OR NEW."id" <> OLD."id" THEN
    RAISE EXCEPTION 'the audit chain head moves forward one entry at a time: % → % refused', OLD."sequence", NEW."sequence"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "audit"."chain_links" WHERE "sequence" = NEW."sequence" AND "hash" = NEW."hash") THEN
    RAISE EXCEPTION 'the audit chain head must name a stored link (sequence %)', NEW."sequence"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "chain_head_moves_forward" BEFORE UPDATE ON "audit"."chain_head"
  FOR EACH ROW EXECUTE FUNCTION "audit"."head_moves_forward"();

CREATE TRIGGER "chain_head_not_deleted" BEFORE DELETE ON "audit"."chain_head"
  FOR EACH ROW EXECUTE FUNCTION "audit"."reject_change"();

CREATE TRIGGER "chain_head_no_truncate" BEFORE TRUNCATE ON "audit"."chain_head"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit"."reject_change"();

-- A new link follows the one before it: sequences gap-free from 1, each naming its predecessor's hash.
CREATE FUNCTION "audit"."link_follows_previous"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."sequence" = 1 AND NEW."previous_hash" = repeat('0', 64) THEN
    RETURN NEW;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "audit"."chain_links" WHERE "sequence" = NEW."sequence" - 1 AND "hash" = NEW."previous_hash") THEN
    RAISE EXCEPTION 'audit chain link % does not follow link % (gap or wrong previous hash)', NEW."sequence", NEW."sequence" - 1
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "chain_links_follow_previous" BEFORE INSERT ON "audit"."chain_links"
  FOR EACH ROW EXECUTE FUNCTION "audit"."link_follows_previous"();
