-- CreateTable
CREATE TABLE "pledge_registration"."calendar_years" (
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "calendar_year_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "holidays" TEXT[],
    "make_up_working_days" TEXT[],
    "event_id" TEXT NOT NULL,

    CONSTRAINT "calendar_years_pkey" PRIMARY KEY ("year")
);

ALTER TABLE "pledge_registration"."calendar_years" ADD CONSTRAINT "calendar_years_revision_positive" CHECK ("revision" >= 1);
