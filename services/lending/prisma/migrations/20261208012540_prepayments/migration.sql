-- AlterTable
ALTER TABLE "lending"."loans" ADD COLUMN     "schedule_version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "lending"."loan_instalments" DROP CONSTRAINT "loan_instalments_pkey",
ADD COLUMN     "closing_principal" DECIMAL(20,2),
ADD COLUMN     "prepaid_on" DATE,
ADD COLUMN     "schedule_version" INTEGER NOT NULL DEFAULT 1,
ADD CONSTRAINT "loan_instalments_pkey" PRIMARY KEY ("loan_id", "schedule_version", "number");

-- AlterTable
ALTER TABLE "lending"."repayments" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'instalment',
ADD COLUMN     "prepayment_choice" TEXT;


-- Hand-written: schedule versions count from 1; a stored closing principal is what the row leaves
-- after its own principal and a prepayment in its period; a prepayment is principal only, with its
-- choice, and only a prepayment has one.
ALTER TABLE "lending"."loans" ADD CONSTRAINT "loans_schedule_version_positive" CHECK ("schedule_version" >= 1);
ALTER TABLE "lending"."loan_instalments"
    ADD CONSTRAINT "loan_instalments_schedule_version_positive" CHECK ("schedule_version" >= 1),
    ADD CONSTRAINT "loan_instalments_closing_within" CHECK (
        "closing_principal" IS NULL OR ("closing_principal" >= 0 AND "closing_principal" <= "opening_principal" - "principal")),
    ADD CONSTRAINT "loan_instalments_prepaid_in_period" CHECK (
        ("prepaid_on" IS NULL) = ("closing_principal" IS NULL) AND ("prepaid_on" IS NULL OR ("prepaid_on" >= "starts_on" AND "prepaid_on" < "due_on")));
ALTER TABLE "lending"."repayments"
    ADD CONSTRAINT "repayments_kind_valid" CHECK ("kind" IN ('instalment', 'prepayment')),
    ADD CONSTRAINT "repayments_prepayment_choice" CHECK (
        ("kind" = 'prepayment') = ("prepayment_choice" IS NOT NULL)
        AND ("prepayment_choice" IS NULL OR "prepayment_choice" IN ('shorten-term', 'reduce-instalment'))),
    ADD CONSTRAINT "repayments_prepayment_principal_only" CHECK (
        "kind" <> 'prepayment' OR ("principal_amount" > 0 AND "interest_amount" = 0));
