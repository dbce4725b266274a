-- Subsidy schemes in series of versions (docs/subsidies.md): every scheme stored so far is the
-- first version of its own series, so the series id is its own id, and what was keyed by the
-- scheme (budget years, caps) is keyed by the series with the same values. Hand-edited from the
-- generated SQL so that nothing is dropped and rows are filled before the columns become NOT NULL.

-- A published version is frozen by a trigger; filling the new column is no change of its rules.
ALTER TABLE "risk_compensation"."subsidy_schemes" DISABLE TRIGGER "subsidy_schemes_published_frozen";
ALTER TABLE "risk_compensation"."subsidy_schemes" ADD COLUMN "series_id" TEXT;
UPDATE "risk_compensation"."subsidy_schemes" SET "series_id" = "id";
ALTER TABLE "risk_compensation"."subsidy_schemes" ALTER COLUMN "series_id" SET NOT NULL;
ALTER TABLE "risk_compensation"."subsidy_schemes" ENABLE TRIGGER "subsidy_schemes_published_frozen";
CREATE UNIQUE INDEX "subsidy_schemes_series_id_scheme_version_key" ON "risk_compensation"."subsidy_schemes"("series_id", "scheme_version");
-- The first version of a series is the one whose id is the series'.
ALTER TABLE "risk_compensation"."subsidy_schemes" ADD CONSTRAINT "subsidy_schemes_series_starts_at_version_1"
    CHECK (("scheme_version" = 1) = ("series_id" = "id"));

ALTER TABLE "risk_compensation"."subsidy_applications" ADD COLUMN "series_id" TEXT;
UPDATE "risk_compensation"."subsidy_applications" SET "series_id" = "scheme_id";
ALTER TABLE "risk_compensation"."subsidy_applications" ALTER COLUMN "series_id" SET NOT NULL;
DROP INDEX "risk_compensation"."subsidy_applications_borrower_uscc_scheme_id_budget_year_idx";
CREATE INDEX "subsidy_applications_borrower_uscc_series_id_budget_year_idx" ON "risk_compensation"."subsidy_applications"("borrower_uscc", "series_id", "budget_year");

ALTER TABLE "risk_compensation"."subsidy_budget_years" RENAME COLUMN "scheme_id" TO "series_id";
ALTER TABLE "risk_compensation"."subsidy_budget_years" ADD COLUMN "budget_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "risk_compensation"."subsidy_budget_years" ADD CONSTRAINT "subsidy_budget_years_budget_version" CHECK ("budget_version" >= 1);
