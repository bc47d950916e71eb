-- CreateTable
CREATE TABLE "member_metrics" (
    "member_id" UUID NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "first_purchase_at" TIMESTAMPTZ(3),
    "last_purchase_at" TIMESTAMPTZ(3),
    "visits_12m" INTEGER NOT NULL DEFAULT 0,
    "spend_12m_kurus" INTEGER NOT NULL DEFAULT 0,
    "avg_gap_days" DOUBLE PRECISION,
    "r_score" INTEGER,
    "f_score" INTEGER,
    "m_score" INTEGER,
    "rfm_group" TEXT,
    "churn_risk" DOUBLE PRECISION,
    "churn_level" TEXT,
    "clv_kurus" INTEGER,
    "satisfaction" TEXT NOT NULL DEFAULT 'UNKNOWN',
    "loyalty_quadrant" TEXT,

    CONSTRAINT "member_metrics_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "lifecycle_transition" (
    "id" BIGSERIAL NOT NULL,
    "member_id" UUID NOT NULL,
    "from_stage" "LifecycleStage" NOT NULL,
    "to_stage" "LifecycleStage" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lifecycle_transition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "member_metrics_rfm_group_idx" ON "member_metrics"("rfm_group");

-- CreateIndex
CREATE INDEX "member_metrics_churn_level_idx" ON "member_metrics"("churn_level");

-- CreateIndex
CREATE INDEX "lifecycle_transition_member_id_at_idx" ON "lifecycle_transition"("member_id", "at");

-- CreateIndex
CREATE INDEX "lifecycle_transition_at_idx" ON "lifecycle_transition"("at");

-- AddForeignKey
ALTER TABLE "member_metrics" ADD CONSTRAINT "member_metrics_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lifecycle_transition" ADD CONSTRAINT "lifecycle_transition_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
