-- AlterTable
ALTER TABLE "lending"."loans" ADD COLUMN     "accrued_interest_settled" DECIMAL(20,2) NOT NULL DEFAULT 0,
ADD COLUMN     "interest_accrued" DECIMAL(20,2) NOT NULL DEFAULT 0,
ADD COLUMN     "interest_accrued_until" DATE;

-- CreateTable
CREATE TABLE "lending"."interest_accruals" (
    "loan_id" TEXT NOT NULL,
    "accrued_from" DATE NOT NULL,
    "accrued_until" DATE NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interest_accruals_pkey" PRIMARY KEY ("loan_id","accrued_from")
);

-- AddForeignKey
ALTER TABLE "lending"."interest_accruals" ADD CONSTRAINT "interest_accruals_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "lending"."loans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: what the accruals may hold whatever the code does.
ALTER TABLE "lending"."interest_accruals"
    ADD CONSTRAINT "interest_accruals_days" CHECK ("accrued_from" < "accrued_until"),
    ADD CONSTRAINT "interest_accruals_amount" CHECK ("amount" >= 0),
    ADD CONSTRAINT "interest_accruals_one_row_per_end" UNIQUE ("loan_id", "accrued_until");
ALTER TABLE "lending"."loans"
    ADD CONSTRAINT "loans_interest_accrued" CHECK ("interest_accrued" >= 0),
    ADD CONSTRAINT "loans_accrued_interest_settled" CHECK ("accrued_interest_settled" >= 0 AND "accrued_interest_settled" <= "interest_accrued"),
    ADD CONSTRAINT "loans_interest_accrued_until" CHECK ("interest_accrued_until" IS NULL OR "interest_accrued_until" > "disbursed_on");
