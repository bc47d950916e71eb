-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'ACTIVE', 'PAUSED', 'ENDED');

-- CreateEnum
CREATE TYPE "CampaignType" AS ENUM ('POINTS_MULTIPLIER', 'BONUS_POINTS', 'BASKET_THRESHOLD', 'DISCOUNT_COUPON', 'FREE_GIFT', 'CROSS_SELL', 'BIRTHDAY', 'WIN_BACK', 'TIER_UPGRADE', 'DRAW_ENTRIES');

-- CreateEnum
CREATE TYPE "CampaignBudgetUnit" AS ENUM ('POINTS', 'KURUS');

-- CreateTable
CREATE TABLE "campaign" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" "CampaignType" NOT NULL,
    "params" JSONB NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "store_ids" UUID[],
    "channels" TEXT[],
    "segment_id" UUID,
    "control_basis_points" INTEGER NOT NULL DEFAULT 0,
    "budget_unit" "CampaignBudgetUnit" NOT NULL DEFAULT 'POINTS',
    "budget_cap" INTEGER,
    "budget_used" INTEGER NOT NULL DEFAULT 0,
    "requires_activation" BOOLEAN NOT NULL DEFAULT false,
    "max_awards_per_member" INTEGER,
    "offer" JSONB,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_award" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "receipt_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "discount_kurus" INTEGER NOT NULL DEFAULT 0,
    "gift_kurus" INTEGER NOT NULL DEFAULT 0,
    "draw_entries" INTEGER NOT NULL DEFAULT 0,
    "cost" INTEGER NOT NULL DEFAULT 0,
    "explanation" TEXT NOT NULL,
    "offer_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_control" (
    "campaign_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "first_receipt_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_control_pkey" PRIMARY KEY ("campaign_id","member_id")
);

-- CreateIndex
CREATE INDEX "campaign_status_starts_at_idx" ON "campaign"("status", "starts_at");

-- CreateIndex
CREATE INDEX "campaign_award_campaign_id_created_at_idx" ON "campaign_award"("campaign_id", "created_at");

-- CreateIndex
CREATE INDEX "campaign_award_member_id_campaign_id_idx" ON "campaign_award"("member_id", "campaign_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_award_receipt_id_campaign_id_key" ON "campaign_award"("receipt_id", "campaign_id");

-- AddForeignKey
ALTER TABLE "campaign_award" ADD CONSTRAINT "campaign_award_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_control" ADD CONSTRAINT "campaign_control_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The budget cap holds in the database itself (docs/campaigns.md). Prisma does not model CHECK constraints.
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_budget_check"
  CHECK ("budget_used" >= 0 AND ("budget_cap" IS NULL OR "budget_used" <= "budget_cap") AND "control_basis_points" BETWEEN 0 AND 5000);
