-- AlterTable
ALTER TABLE "identity"."outbox" ADD COLUMN     "republish_requested_at" TIMESTAMPTZ(3),
ADD COLUMN     "republished_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "outbox_created_at_idx" ON "identity"."outbox"("created_at");


-- The relay's selection: unpublished rows and rows whose republishing was requested, by id
-- (written by hand: the Prisma schema cannot express a partial index).
CREATE INDEX "outbox_pending_idx" ON "identity"."outbox"("id") WHERE "published_at" IS NULL OR "republish_requested_at" IS NOT NULL;
