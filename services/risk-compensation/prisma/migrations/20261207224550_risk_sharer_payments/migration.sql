-- AlterTable
ALTER TABLE "risk_compensation"."claim_parts" ADD COLUMN     "paid_amount" DECIMAL(20,2),
ADD COLUMN     "paid_by_user_id" TEXT,
ADD COLUMN     "paid_on" DATE,
ADD COLUMN     "payment_reference" TEXT;


-- Hand-written: a payment is a risk sharer's, of its whole part, recorded once with its day and reference.
ALTER TABLE "risk_compensation"."claim_parts"
    ADD CONSTRAINT "claim_parts_payment_complete" CHECK (
        ("paid_amount" IS NULL) = ("paid_on" IS NULL) AND ("paid_on" IS NULL) = ("payment_reference" IS NULL)),
    ADD CONSTRAINT "claim_parts_payment_by_sharer" CHECK (
        "paid_amount" IS NULL OR ("party" IN ('guarantor', 'insurer', 'appraiser') AND "paid_amount" = "amount" AND "amount" > 0));
