-- CreateEnum
CREATE TYPE "CampaignMessageChannel" AS ENUM ('SMS', 'EMAIL');

-- CreateEnum
CREATE TYPE "CampaignMessageStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "campaign_message_batch" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "channel" "CampaignMessageChannel" NOT NULL,
    "subject" TEXT,
    "text" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_message_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_message" (
    "id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "channel" "CampaignMessageChannel" NOT NULL,
    "status" "CampaignMessageStatus" NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "campaign_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaign_message_batch_campaign_id_idx" ON "campaign_message_batch"("campaign_id");

-- CreateIndex
CREATE INDEX "campaign_message_status_created_at_idx" ON "campaign_message"("status", "created_at");

-- CreateIndex
CREATE INDEX "campaign_message_member_id_channel_created_at_idx" ON "campaign_message"("member_id", "channel", "created_at");

-- CreateIndex
CREATE INDEX "campaign_message_campaign_id_status_idx" ON "campaign_message"("campaign_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_message_batch_id_member_id_key" ON "campaign_message"("batch_id", "member_id");

-- AddForeignKey
ALTER TABLE "campaign_message_batch" ADD CONSTRAINT "campaign_message_batch_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_message" ADD CONSTRAINT "campaign_message_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "campaign_message_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
