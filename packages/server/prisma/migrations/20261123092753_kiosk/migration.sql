-- CreateEnum
CREATE TYPE "BulletinKind" AS ENUM ('CAMPAIGN', 'DISCOUNT', 'FILM', 'SUPPLIER_AD');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('ISSUED', 'SEEN', 'ACTIVATED', 'REDEEMED', 'EXPIRED');

-- CreateTable
CREATE TABLE "media_asset" (
    "id" UUID NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "media_asset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulletin" (
    "id" UUID NOT NULL,
    "kind" "BulletinKind" NOT NULL,
    "title_tr" TEXT NOT NULL,
    "title_en" TEXT,
    "body_tr" TEXT,
    "body_en" TEXT,
    "media_id" UUID,
    "store_ids" UUID[],
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bulletin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_pin" (
    "member_id" UUID NOT NULL,
    "pin_hash" TEXT NOT NULL,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_pin_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "personal_offer" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "title_tr" TEXT NOT NULL,
    "title_en" TEXT,
    "description_tr" TEXT,
    "description_en" TEXT,
    "status" "OfferStatus" NOT NULL DEFAULT 'ISSUED',
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_to" TIMESTAMPTZ(3) NOT NULL,
    "campaign_id" TEXT,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seen_at" TIMESTAMPTZ(3),
    "activated_at" TIMESTAMPTZ(3),
    "redeemed_at" TIMESTAMPTZ(3),

    CONSTRAINT "personal_offer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulletin_starts_at_ends_at_idx" ON "bulletin"("starts_at", "ends_at");

-- CreateIndex
CREATE INDEX "bulletin_media_id_idx" ON "bulletin"("media_id");

-- CreateIndex
CREATE INDEX "personal_offer_member_id_valid_to_idx" ON "personal_offer"("member_id", "valid_to");

-- AddForeignKey
ALTER TABLE "bulletin" ADD CONSTRAINT "bulletin_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media_asset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_pin" ADD CONSTRAINT "member_pin_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "personal_offer" ADD CONSTRAINT "personal_offer_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: rules the schema language cannot state.
ALTER TABLE "bulletin" ADD CONSTRAINT "bulletin_window_check" CHECK ("ends_at" > "starts_at");
ALTER TABLE "personal_offer" ADD CONSTRAINT "personal_offer_window_check" CHECK ("valid_to" > "valid_from");
ALTER TABLE "member_pin" ADD CONSTRAINT "member_pin_attempts_check" CHECK ("failed_attempts" >= 0);
ALTER TABLE "media_asset" ADD CONSTRAINT "media_asset_size_check" CHECK ("byte_size" > 0);
