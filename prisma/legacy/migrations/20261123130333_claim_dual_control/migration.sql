-- AlterTable
ALTER TABLE "risk_compensation"."claims" ADD COLUMN     "prepared_by_org_id" TEXT,
ADD COLUMN     "prepared_by_user_id" TEXT,
ADD COLUMN     "prepared_note" TEXT,
ADD COLUMN     "prepared_on" DATE;


-- Hand-written: PREPARED is a claim state (reviewed by one bureau user, waiting for another's approval).
ALTER TABLE "risk_compensation"."claims" DROP CONSTRAINT "claims_status_valid";
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_status_valid" CHECK ("status" IN ('PENDING', 'PREPARED', 'APPROVED', 'REJECTED', 'PAID', 'CLOSED'));
-- A claim approved above the threshold names two different users (enforced by the service; kept true here).
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_prepared_by_another" CHECK ("prepared_by_user_id" IS NULL OR "decided_by_user_id" IS NULL OR "prepared_by_user_id" <> "decided_by_user_id" OR "status" = 'REJECTED');
