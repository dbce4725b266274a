-- AlterTable
ALTER TABLE "statistics"."fund_budgets" ADD COLUMN     "topped_up" DECIMAL(30,2) NOT NULL DEFAULT 0;

