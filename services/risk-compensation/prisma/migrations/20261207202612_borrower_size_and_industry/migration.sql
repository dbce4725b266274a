-- AlterTable
ALTER TABLE "risk_compensation"."loans" ADD COLUMN     "borrower_firm_size" TEXT,
ADD COLUMN     "borrower_industry" TEXT;


-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────
ALTER TABLE "risk_compensation"."loans" ADD CONSTRAINT "loans_borrower_firm_size_valid"
  CHECK ("borrower_firm_size" IS NULL OR "borrower_firm_size" IN ('large', 'medium', 'small', 'micro'));
ALTER TABLE "risk_compensation"."loans" ADD CONSTRAINT "loans_borrower_industry_valid"
  CHECK ("borrower_industry" IS NULL OR "borrower_industry" ~ '^[A-T]$');
