-- AlterTable
ALTER TABLE "pledge_registration"."idempotency_keys" ADD COLUMN     "response_events" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "valuation"."idempotency_keys" ADD COLUMN     "response_events" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "lending"."idempotency_keys" ADD COLUMN     "response_events" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "risk_compensation"."idempotency_keys" ADD COLUMN     "response_events" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "identity"."idempotency_keys" ADD COLUMN     "response_events" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "audit"."idempotency_keys" ADD COLUMN     "response_events" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "statistics"."idempotency_keys" ADD COLUMN     "response_events" TEXT NOT NULL DEFAULT '';

