-- Subsidy schemes (扶持政策: 贴息, 评估费/担保费/保险费补贴; docs/subsidies.md), drafted and published
-- like compensation policies: a published version is frozen, and a change is a new version.

CREATE TABLE "risk_compensation"."subsidy_schemes" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scheme_version" INTEGER NOT NULL,
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

    CONSTRAINT "subsidy_schemes_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "subsidy_schemes_status_idx" ON "risk_compensation"."subsidy_schemes"("status");

-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

ALTER TABLE "risk_compensation"."subsidy_schemes" ADD CONSTRAINT "subsidy_schemes_status_valid" CHECK ("status" IN ('DRAFT', 'PUBLISHED'));
ALTER TABLE "risk_compensation"."subsidy_schemes" ADD CONSTRAINT "subsidy_schemes_published_complete" CHECK (("status" = 'PUBLISHED') = ("published_at" IS NOT NULL));
-- 四眼原则, held by the database too: a named bureau user publishes, and not the one who drafted it.
ALTER TABLE "risk_compensation"."subsidy_schemes" ADD CONSTRAINT "subsidy_schemes_published_by_another" CHECK (
  "status" = 'DRAFT' OR ("published_by_user_id" IS NOT NULL AND "published_by_user_id" IS DISTINCT FROM "created_by_user_id")
);

-- A published version is frozen: applications are judged by it, so no UPDATE or DELETE may touch it.
CREATE FUNCTION "risk_compensation"."reject_published_scheme_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'PUBLISHED' THEN
    RAISE EXCEPTION 'subsidy scheme % version % is published and cannot be changed: % is not allowed', OLD."id", OLD."scheme_version", TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "subsidy_schemes_published_frozen" BEFORE UPDATE OR DELETE ON "risk_compensation"."subsidy_schemes"
  FOR EACH ROW EXECUTE FUNCTION "risk_compensation"."reject_published_scheme_change"();
