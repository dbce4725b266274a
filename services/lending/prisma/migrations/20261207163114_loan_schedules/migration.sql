-- Loans serviced from a schedule (issue 17, docs/servicing.md). A loan now says how it is repaid
-- and on which day count, and keeps the schedule made at its disbursement (libs/loan-servicing),
-- so that its instalments never change with the code that computed them.
--
-- Loans disbursed before this migration had no method: they are what the system assumed, a single
-- repayment at maturity (到期一次还本付息) on ACT/360, and get that one instalment here, computed as
-- the library computes it: principal × rate × days ÷ 360, rounded half-up to the fen (PostgreSQL's
-- round() on numeric rounds halves away from zero: half-up for these positive amounts).

ALTER TABLE "lending"."loans" ADD COLUMN "day_count" TEXT NOT NULL DEFAULT 'ACT/360',
ADD COLUMN "period_months" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "repayment_method" TEXT NOT NULL DEFAULT 'bullet';

ALTER TABLE "lending"."loans"
  ADD CONSTRAINT "loans_repayment_method_known" CHECK ("repayment_method" IN ('equal-instalment', 'equal-principal', 'interest-only', 'bullet')),
  ADD CONSTRAINT "loans_day_count_known" CHECK ("day_count" IN ('ACT/360', 'ACT/365')),
  ADD CONSTRAINT "loans_period_months_known" CHECK ("period_months" IN (1, 3, 6, 12));

CREATE TABLE "lending"."loan_instalments" (
    "loan_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "starts_on" DATE NOT NULL,
    "due_on" DATE NOT NULL,
    "days" INTEGER NOT NULL,
    "opening_principal" DECIMAL(20,2) NOT NULL,
    "principal" DECIMAL(20,2) NOT NULL,
    "interest" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "loan_instalments_pkey" PRIMARY KEY ("loan_id","number"),
    CONSTRAINT "loan_instalments_number_positive" CHECK ("number" >= 1),
    CONSTRAINT "loan_instalments_period" CHECK ("due_on" > "starts_on" AND "days" = "due_on" - "starts_on"),
    CONSTRAINT "loan_instalments_amounts" CHECK ("principal" >= 0 AND "interest" >= 0 AND "principal" <= "opening_principal")
);

ALTER TABLE "lending"."loan_instalments" ADD CONSTRAINT "loan_instalments_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "lending"."loans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO "lending"."loan_instalments" ("loan_id", "number", "starts_on", "due_on", "days", "opening_principal", "principal", "interest")
SELECT "id", 1, "disbursed_on", "maturity_date", "maturity_date" - "disbursed_on", "principal", "principal",
       round("principal" * "annual_interest_rate" * ("maturity_date" - "disbursed_on") / 360, 2)
FROM "lending"."loans";
