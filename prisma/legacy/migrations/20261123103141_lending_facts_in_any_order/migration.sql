-- AlterTable
ALTER TABLE "lending"."pledge_facts" ADD COLUMN     "application_event_id" UUID,
ADD COLUMN     "registration_event_id" UUID,
ADD COLUMN     "valuation_event_id" UUID,
ALTER COLUMN "bank_org_id" DROP NOT NULL,
ALTER COLUMN "pledgor_uscc" DROP NOT NULL,
ALTER COLUMN "pledgor_name" DROP NOT NULL,
ALTER COLUMN "requested_loan_amount" DROP NOT NULL,
ALTER COLUMN "term_months" DROP NOT NULL,
ALTER COLUMN "district_code" DROP NOT NULL,
ALTER COLUMN "ip_types" SET DEFAULT ARRAY[]::TEXT[];

