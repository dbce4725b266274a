-- AlterTable
ALTER TABLE "pledge_registration"."pledge_applications" ADD COLUMN     "appraiser_org_id" TEXT,
ADD COLUMN     "correction_reasons" JSONB,
ADD COLUMN     "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "refusal_note" TEXT,
ADD COLUMN     "refusal_reason" TEXT,
ADD COLUMN     "registration_version" INTEGER;

-- AlterTable
ALTER TABLE "pledge_registration"."pledge_transitions" ADD COLUMN     "command" TEXT,
ADD COLUMN     "details" JSONB,
ADD COLUMN     "on_date" DATE;

-- AlterTable
ALTER TABLE "valuation"."known_pledges" ADD COLUMN     "appraiser_org_id" TEXT;

-- AlterTable
ALTER TABLE "lending"."pledge_facts" ADD COLUMN     "registration_version" INTEGER,
ADD COLUMN     "released_on" DATE;

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
CREATE INDEX "pledged_rights_pledge_id_idx" ON "pledge_registration"."pledged_rights"("pledge_id");

-- CreateIndex
CREATE INDEX "pledged_rights_ip_type_number_idx" ON "pledge_registration"."pledged_rights"("ip_type", "number");

-- AddForeignKey
ALTER TABLE "pledge_registration"."registration_versions" ADD CONSTRAINT "registration_versions_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge_registration"."pledged_rights" ADD CONSTRAINT "pledged_rights_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge_registration"."pledge_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ── hand-written ─────────────────────────────────────────────────────────────

-- The latest receipt of older applications is their first.
UPDATE "pledge_registration"."pledge_applications" SET "received_at" = "submitted_at";

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

-- Registrations from before: version 1 of each, as it was registered.
UPDATE "pledge_registration"."pledge_applications" SET "registration_version" = 1 WHERE "registration_number" IS NOT NULL;
INSERT INTO "pledge_registration"."registration_versions"
  ("pledge_id", "version", "registration_number", "effective_on", "secured_amount", "term_months", "pledgor_name", "note", "actor_org_id", "actor_role", "actor_user_id", "recorded_at")
SELECT "id", 1, "registration_number", "registration_date", "requested_loan_amount", "term_months", "pledgor_name", NULL, 'ipledger-migration', 'system', NULL, "updated_at"
FROM "pledge_registration"."pledge_applications"
WHERE "registration_number" IS NOT NULL AND "registration_date" IS NOT NULL;

-- The register from the pledges registered before it existed: released and disposed ones as
-- history (freed), REGISTERED ones live. Where the old code registered one right twice, only the
-- earliest registration enters the register live; the later ones are left out for the bureau to
-- resolve (they show in the pledges' own state, and a new registration of that right is refused).
INSERT INTO "pledge_registration"."pledged_rights" ("pledge_id", "ip_type", "number", "registration_number", "registered_on", "freed_on", "freed_by")
SELECT a."id", i."ip_type", i."number", a."registration_number", a."registration_date",
       COALESCE(a."released_on", a."disposed_on"),
       CASE WHEN a."status" = 'RELEASED' THEN 'released' WHEN a."status" = 'DISPOSED' THEN 'disposed' END
FROM "pledge_registration"."pledge_applications" a
JOIN "pledge_registration"."pledge_ip_items" i ON i."pledge_id" = a."id"
WHERE a."status" IN ('RELEASED', 'DISPOSED') AND a."registration_number" IS NOT NULL AND COALESCE(a."released_on", a."disposed_on") IS NOT NULL;
INSERT INTO "pledge_registration"."pledged_rights" ("pledge_id", "ip_type", "number", "registration_number", "registered_on")
SELECT DISTINCT ON (i."ip_type", i."number") a."id", i."ip_type", i."number", a."registration_number", a."registration_date"
FROM "pledge_registration"."pledge_applications" a
JOIN "pledge_registration"."pledge_ip_items" i ON i."pledge_id" = a."id"
WHERE a."status" = 'REGISTERED' AND a."registration_number" IS NOT NULL AND a."registration_date" IS NOT NULL
ORDER BY i."ip_type", i."number", a."registration_date", a."updated_at", a."id";
