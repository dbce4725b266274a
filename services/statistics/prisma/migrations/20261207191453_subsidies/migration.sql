-- CreateTable
CREATE TABLE "statistics"."subsidy_rollups" (
    "year" INTEGER NOT NULL,
    "measure" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "amount" DECIMAL(30,2) NOT NULL DEFAULT 0,

    CONSTRAINT "subsidy_rollups_pkey" PRIMARY KEY ("year","measure","kind","dimension","value")
);

-- CreateTable
CREATE TABLE "statistics"."subsidy_approvals" (
    "application_id" TEXT NOT NULL,
    "district_code" TEXT NOT NULL,
    "industry" TEXT,
    "approved_on" DATE NOT NULL,

    CONSTRAINT "subsidy_approvals_pkey" PRIMARY KEY ("application_id")
);


-- ───────────── Hand-written rules (Prisma's diff neither creates nor drops these) ─────────────

-- Subsidy rollups only grow from zero; their keys are the ones domain/subsidies.ts writes.
ALTER TABLE "statistics"."subsidy_rollups" ADD CONSTRAINT "subsidy_rollups_non_negative" CHECK ("count" >= 0 AND "amount" >= 0);
ALTER TABLE "statistics"."subsidy_rollups" ADD CONSTRAINT "subsidy_rollups_measure_valid" CHECK ("measure" IN ('approved', 'paid'));
ALTER TABLE "statistics"."subsidy_rollups" ADD CONSTRAINT "subsidy_rollups_kind_valid" CHECK ("kind" IN ('interest', 'evaluation-fee', 'guarantee-fee', 'insurance-premium'));
ALTER TABLE "statistics"."subsidy_rollups" ADD CONSTRAINT "subsidy_rollups_dimension_valid" CHECK ("dimension" IN ('total', 'district', 'bank', 'industry'));
