-- CreateEnum
CREATE TYPE "ReceiptStatus" AS ENUM ('FINAL', 'VOIDED');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('EARN', 'REDEEM', 'REVERSE', 'REFUND', 'EXPIRE', 'ADJUST', 'TRANSFER', 'IMPORT');

-- CreateEnum
CREATE TYPE "LotSource" AS ENUM ('EARN', 'REFUND', 'ADJUST', 'IMPORT');

-- CreateEnum
CREATE TYPE "HoldStatus" AS ENUM ('OPEN', 'CAPTURED', 'RELEASED');

-- CreateEnum
CREATE TYPE "AdjustmentStatus" AS ENUM ('PENDING', 'APPLIED', 'REJECTED');

-- CreateEnum
CREATE TYPE "IdempotencyStatus" AS ENUM ('IN_PROGRESS', 'COMPLETED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "external_ref" TEXT,
ADD COLUMN     "points_held" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tier_grace_until" TIMESTAMPTZ(3),
ADD COLUMN     "tier_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "product" (
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "brand" TEXT,
    "price_kurus" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_pkey" PRIMARY KEY ("sku")
);

-- CreateTable
CREATE TABLE "tier" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "min_spend_kurus" INTEGER,
    "min_points" INTEGER,
    "multiplier_bp" INTEGER NOT NULL DEFAULT 10000,
    "benefits" TEXT NOT NULL DEFAULT '',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tier_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "tier_history" (
    "id" BIGSERIAL NOT NULL,
    "member_id" UUID NOT NULL,
    "from_code" TEXT,
    "to_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tier_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "earning_rule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "effect" JSONB NOT NULL,
    "valid_from" TIMESTAMPTZ(3),
    "valid_to" TIMESTAMPTZ(3),
    "store_ids" TEXT[],
    "tier_codes" TEXT[],
    "min_basket" INTEGER,
    "max_per_receipt" INTEGER,
    "max_per_day" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "earning_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receipt" (
    "id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "terminal_id" UUID NOT NULL,
    "external_ref" TEXT NOT NULL,
    "cashier_ref" TEXT,
    "member_id" UUID,
    "card_id" UUID,
    "status" "ReceiptStatus" NOT NULL DEFAULT 'FINAL',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "business_date" DATE NOT NULL,
    "total_kurus" INTEGER NOT NULL,
    "points_earned" INTEGER NOT NULL DEFAULT 0,
    "points_redeemed" INTEGER NOT NULL DEFAULT 0,
    "earning_breakdown" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receipt_line" (
    "receipt_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "brand" TEXT,
    "quantity" INTEGER NOT NULL,
    "unit_price_kurus" INTEGER NOT NULL,
    "line_discount_kurus" INTEGER NOT NULL DEFAULT 0,
    "is_reward" BOOLEAN NOT NULL DEFAULT false,
    "net_kurus" INTEGER NOT NULL,
    "points_earned" INTEGER NOT NULL DEFAULT 0,
    "returned_quantity" INTEGER NOT NULL DEFAULT 0,
    "points_reversed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "receipt_line_pkey" PRIMARY KEY ("receipt_id","line_no")
);

-- CreateTable
CREATE TABLE "receipt_payment" (
    "id" UUID NOT NULL,
    "receipt_id" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "amount_kurus" INTEGER NOT NULL,
    "points" INTEGER,

    CONSTRAINT "receipt_payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receipt_return" (
    "id" UUID NOT NULL,
    "receipt_id" UUID NOT NULL,
    "terminal_id" UUID NOT NULL,
    "external_ref" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "refund_kurus" INTEGER NOT NULL,
    "points_reversed" INTEGER NOT NULL,
    "points_refunded" INTEGER NOT NULL,
    "points_waived" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receipt_return_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "points_lot" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "source" "LotSource" NOT NULL,
    "receipt_id" UUID,
    "earned" INTEGER NOT NULL,
    "consumed" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "earned_at" TIMESTAMPTZ(3) NOT NULL,
    "available_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "points_lot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "points_hold" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "terminal_id" UUID NOT NULL,
    "points" INTEGER NOT NULL,
    "status" "HoldStatus" NOT NULL DEFAULT 'OPEN',
    "captured_points" INTEGER,
    "allocations" JSONB NOT NULL,
    "receipt_id" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "points_hold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entry" (
    "id" BIGSERIAL NOT NULL,
    "member_id" UUID,
    "account" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "points" INTEGER NOT NULL,
    "event_key" TEXT NOT NULL,
    "receipt_id" UUID,
    "lot_id" UUID,
    "hold_id" UUID,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "points_adjustment" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "points" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "AdjustmentStatus" NOT NULL DEFAULT 'PENDING',
    "requested_by_id" UUID NOT NULL,
    "decided_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "points_adjustment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "terminal_id" UUID NOT NULL,
    "route" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" "IdempotencyStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("terminal_id","route","key")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "webhook_id" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_run" (
    "id" BIGSERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "result" JSONB,

    CONSTRAINT "job_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "product_category_idx" ON "product"("category");

-- CreateIndex
CREATE INDEX "product_brand_idx" ON "product"("brand");

-- CreateIndex
CREATE UNIQUE INDEX "tier_rank_key" ON "tier"("rank");

-- CreateIndex
CREATE INDEX "tier_history_member_id_at_idx" ON "tier_history"("member_id", "at");

-- CreateIndex
CREATE INDEX "receipt_member_id_occurred_at_idx" ON "receipt"("member_id", "occurred_at");

-- CreateIndex
CREATE INDEX "receipt_store_id_business_date_idx" ON "receipt"("store_id", "business_date");

-- CreateIndex
CREATE UNIQUE INDEX "receipt_terminal_id_external_ref_key" ON "receipt"("terminal_id", "external_ref");

-- CreateIndex
CREATE INDEX "receipt_line_sku_idx" ON "receipt_line"("sku");

-- CreateIndex
CREATE INDEX "receipt_payment_receipt_id_idx" ON "receipt_payment"("receipt_id");

-- CreateIndex
CREATE INDEX "receipt_return_receipt_id_idx" ON "receipt_return"("receipt_id");

-- CreateIndex
CREATE UNIQUE INDEX "receipt_return_terminal_id_external_ref_key" ON "receipt_return"("terminal_id", "external_ref");

-- CreateIndex
CREATE INDEX "points_lot_member_id_expires_at_idx" ON "points_lot"("member_id", "expires_at");

-- CreateIndex
CREATE INDEX "points_lot_expires_at_idx" ON "points_lot"("expires_at");

-- CreateIndex
CREATE INDEX "points_lot_receipt_id_idx" ON "points_lot"("receipt_id");

-- CreateIndex
CREATE INDEX "points_hold_member_id_status_idx" ON "points_hold"("member_id", "status");

-- CreateIndex
CREATE INDEX "points_hold_status_expires_at_idx" ON "points_hold"("status", "expires_at");

-- CreateIndex
CREATE INDEX "ledger_entry_member_id_created_at_idx" ON "ledger_entry"("member_id", "created_at");

-- CreateIndex
CREATE INDEX "ledger_entry_receipt_id_idx" ON "ledger_entry"("receipt_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entry_event_key_account_key" ON "ledger_entry"("event_key", "account");

-- CreateIndex
CREATE INDEX "points_adjustment_status_idx" ON "points_adjustment"("status");

-- CreateIndex
CREATE INDEX "points_adjustment_member_id_idx" ON "points_adjustment"("member_id");

-- CreateIndex
CREATE INDEX "idempotency_record_created_at_idx" ON "idempotency_record"("created_at");

-- CreateIndex
CREATE INDEX "outbox_event_created_at_idx" ON "outbox_event"("created_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_status_next_attempt_at_idx" ON "webhook_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_event_id_webhook_id_key" ON "webhook_delivery"("event_id", "webhook_id");

-- CreateIndex
CREATE INDEX "job_run_job_started_at_idx" ON "job_run"("job", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "member_external_ref_key" ON "member"("external_ref");

-- AddForeignKey
ALTER TABLE "tier_history" ADD CONSTRAINT "tier_history_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receipt" ADD CONSTRAINT "receipt_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receipt_line" ADD CONSTRAINT "receipt_line_receipt_id_fkey" FOREIGN KEY ("receipt_id") REFERENCES "receipt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receipt_payment" ADD CONSTRAINT "receipt_payment_receipt_id_fkey" FOREIGN KEY ("receipt_id") REFERENCES "receipt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receipt_return" ADD CONSTRAINT "receipt_return_receipt_id_fkey" FOREIGN KEY ("receipt_id") REFERENCES "receipt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points_lot" ADD CONSTRAINT "points_lot_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points_hold" ADD CONSTRAINT "points_hold_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points_adjustment" ADD CONSTRAINT "points_adjustment_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbox_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Ledger invariants the database itself enforces (DESIGN.md §4). Prisma does not model CHECK constraints.
ALTER TABLE "points_lot" ADD CONSTRAINT "points_lot_amounts_check"
  CHECK ("earned" > 0 AND "consumed" >= 0 AND "expired" >= 0 AND "held" >= 0 AND "consumed" + "expired" + "held" <= "earned");
ALTER TABLE "points_hold" ADD CONSTRAINT "points_hold_amounts_check"
  CHECK ("points" > 0 AND ("captured_points" IS NULL OR ("captured_points" >= 0 AND "captured_points" <= "points")));
ALTER TABLE "receipt_line" ADD CONSTRAINT "receipt_line_return_check"
  CHECK ("returned_quantity" >= 0 AND "returned_quantity" <= "quantity" AND "points_reversed" >= 0 AND "points_reversed" <= "points_earned");
-- Held points never exceed the balance. A negative balance (debt, by return policy) holds nothing.
ALTER TABLE "member" ADD CONSTRAINT "member_points_held_check"
  CHECK ("points_held" >= 0 AND "points_balance" - "points_held" >= LEAST("points_balance", 0));

-- Entries are append-only, corrections are new entries.
CREATE FUNCTION "ledger_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entry is append-only';
END;
$$;
CREATE TRIGGER "ledger_entry_no_update" BEFORE UPDATE OR DELETE ON "ledger_entry"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entry_append_only"();
