-- AlterTable
ALTER TABLE "risk_compensation"."claims" ADD COLUMN     "filing_deadline_provisional" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "paid_by_org_id" TEXT,
ADD COLUMN     "paid_by_user_id" TEXT;

-- AlterTable
ALTER TABLE "risk_compensation"."fund_budgets" ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "closed_by_org_id" TEXT,
ADD COLUMN     "closed_by_user_id" TEXT,
ADD COLUMN     "closed_on" DATE;

-- CreateTable
CREATE TABLE "risk_compensation"."calendar_years" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "holidays" TEXT[],
    "make_up_working_days" TEXT[],
    "drafted_by_org_id" TEXT,
    "drafted_by_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by_org_id" TEXT,
    "published_by_user_id" TEXT,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "calendar_years_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "calendar_years_year_revision_key" ON "risk_compensation"."calendar_years"("year", "revision");



-- Hand-written: 四眼原则 on payouts. The bureau user who records the payout is not the approver.
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_paid_by_another" CHECK (
  "paid_by_user_id" IS NULL OR "decided_by_user_id" IS NULL OR "paid_by_user_id" <> "decided_by_user_id"
);

-- Hand-written: a closed budget year is never charged again. Approvals and closing lock the same row
-- (SELECT … FOR UPDATE), so the service sees the close; this trigger backs it up: once closed_at is
-- set, used, shortfall, claims_approved, recovered and appropriated never change and the close is
-- never undone. Paying out what was approved before the close (paid) is still allowed.
ALTER TABLE "risk_compensation"."fund_budgets" ADD CONSTRAINT "fund_budgets_closed_complete" CHECK (
  ("closed_at" IS NULL AND "closed_on" IS NULL AND "closed_by_org_id" IS NULL) OR ("closed_at" IS NOT NULL AND "closed_on" IS NOT NULL AND "closed_by_org_id" IS NOT NULL)
);
CREATE FUNCTION "risk_compensation"."reject_closed_budget_charge"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."closed_at" IS NOT NULL AND (
    NEW."closed_at" IS DISTINCT FROM OLD."closed_at" OR NEW."used" <> OLD."used" OR NEW."shortfall" <> OLD."shortfall"
    OR NEW."claims_approved" <> OLD."claims_approved" OR NEW."recovered" <> OLD."recovered" OR NEW."appropriated" <> OLD."appropriated"
  ) THEN
    RAISE EXCEPTION 'budget year % of fund % is closed and is never charged again', OLD."budget_year", OLD."fund_id"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "fund_budgets_closed_frozen" BEFORE UPDATE ON "risk_compensation"."fund_budgets"
  FOR EACH ROW EXECUTE FUNCTION "risk_compensation"."reject_closed_budget_charge"();

-- Hand-written: the working-day calendar. One open draft per year; a published revision is frozen.
ALTER TABLE "risk_compensation"."calendar_years" ADD CONSTRAINT "calendar_years_status_valid" CHECK ("status" IN ('DRAFT', 'PUBLISHED'));
ALTER TABLE "risk_compensation"."calendar_years" ADD CONSTRAINT "calendar_years_published_complete" CHECK (("status" = 'PUBLISHED') = ("published_at" IS NOT NULL));
ALTER TABLE "risk_compensation"."calendar_years" ADD CONSTRAINT "calendar_years_published_by_another" CHECK (
  "published_by_user_id" IS NULL OR "drafted_by_user_id" IS NULL OR "published_by_user_id" <> "drafted_by_user_id"
);
CREATE UNIQUE INDEX "calendar_years_one_draft_per_year" ON "risk_compensation"."calendar_years"("year") WHERE "status" = 'DRAFT';
CREATE FUNCTION "risk_compensation"."reject_published_calendar_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'PUBLISHED' THEN
    RAISE EXCEPTION 'calendar year % revision % is published and cannot be changed: % is not allowed (a correction is a new revision)', OLD."year", OLD."revision", TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "calendar_years_published_frozen" BEFORE UPDATE OR DELETE ON "risk_compensation"."calendar_years"
  FOR EACH ROW EXECUTE FUNCTION "risk_compensation"."reject_published_calendar_change"();
