-- AlterTable
ALTER TABLE "risk_compensation"."claims" ADD COLUMN     "ip_collateral_share" DECIMAL(7,6);


-- The IP's share of a mixed-collateral loan's security, as the bank states it when filing: above 0
-- and at most 1; null when it states none (the IP is the only security). Claims filed before the
-- column existed stated none.
ALTER TABLE "risk_compensation"."claims" ADD CONSTRAINT "claims_ip_collateral_share_range" CHECK (
  "ip_collateral_share" IS NULL OR ("ip_collateral_share" > 0 AND "ip_collateral_share" <= 1)
);
