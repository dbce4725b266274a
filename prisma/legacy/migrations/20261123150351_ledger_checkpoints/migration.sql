-- CreateTable
CREATE TABLE "ledger"."checkpoints" (
    "sequence" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "checkpoints_pkey" PRIMARY KEY ("sequence")
);


-- Checkpoints are evidence: once written they never change.
CREATE TRIGGER "checkpoints_append_only" BEFORE UPDATE OR DELETE ON "ledger"."checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "ledger"."reject_change"();
CREATE TRIGGER "checkpoints_no_truncate" BEFORE TRUNCATE ON "ledger"."checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger"."reject_change"();
