-- CreateEnum
CREATE TYPE "SegmentStatus" AS ENUM ('ACTIVE', 'ARCHIVED');

-- CreateTable
CREATE TABLE "segment" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "rules" JSONB NOT NULL,
    "status" "SegmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "member_count" INTEGER,
    "refreshed_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_member" (
    "segment_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_member_pkey" PRIMARY KEY ("segment_id","member_id")
);

-- CreateTable
CREATE TABLE "segment_size" (
    "id" UUID NOT NULL,
    "segment_id" UUID NOT NULL,
    "member_count" INTEGER NOT NULL,
    "measured_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_size_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "segment_member_member_id_idx" ON "segment_member"("member_id");

-- CreateIndex
CREATE INDEX "segment_size_segment_id_measured_at_idx" ON "segment_size"("segment_id", "measured_at");

-- AddForeignKey
ALTER TABLE "segment_member" ADD CONSTRAINT "segment_member_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_member" ADD CONSTRAINT "segment_member_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_size" ADD CONSTRAINT "segment_size_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
