-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "risk_compensation";

-- CreateTable
CREATE TABLE "risk_compensation"."compensation_policies" (
    "id" TEXT NOT NULL,
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
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("actor_org_id","key")
);

-- CreateIndex
CREATE INDEX "compensation_policies_status_idx" ON "risk_compensation"."compensation_policies"("status");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "risk_compensation"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "risk_compensation"."outbox"("published_at", "id");


-- Hand-written: a published policy version is frozen. Claims are judged by the version in force when
-- the loan was disbursed, so no UPDATE or DELETE may touch a PUBLISHED row; a change is a new version.
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
