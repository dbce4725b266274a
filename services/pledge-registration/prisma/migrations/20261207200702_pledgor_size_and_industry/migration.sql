-- AlterTable
ALTER TABLE "pledge_registration"."pledge_applications" ADD COLUMN     "pledgor_firm_size" TEXT,
ADD COLUMN     "pledgor_industry" TEXT;


-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────
ALTER TABLE "pledge_registration"."pledge_applications" ADD CONSTRAINT "pledge_applications_pledgor_firm_size_valid"
  CHECK ("pledgor_firm_size" IS NULL OR "pledgor_firm_size" IN ('large', 'medium', 'small', 'micro'));
ALTER TABLE "pledge_registration"."pledge_applications" ADD CONSTRAINT "pledge_applications_pledgor_industry_valid"
  CHECK ("pledgor_industry" IS NULL OR "pledgor_industry" ~ '^[A-T]$');
