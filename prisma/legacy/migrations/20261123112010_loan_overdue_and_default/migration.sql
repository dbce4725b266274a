-- AlterTable
ALTER TABLE "lending"."loans" ADD COLUMN     "accrued_interest" DECIMAL(20,2),
ADD COLUMN     "days_past_due" INTEGER,
ADD COLUMN     "defaulted_on" DATE,
ADD COLUMN     "overdue_interest" DECIMAL(20,2),
ADD COLUMN     "overdue_since" DATE;


-- Hand-written: amounts never negative, days past due at least one.
ALTER TABLE "lending"."loans" ADD CONSTRAINT "loans_overdue_figures_valid" CHECK (
  ("days_past_due" IS NULL OR "days_past_due" >= 1) AND ("overdue_interest" IS NULL OR "overdue_interest" >= 0) AND ("accrued_interest" IS NULL OR "accrued_interest" >= 0)
);
