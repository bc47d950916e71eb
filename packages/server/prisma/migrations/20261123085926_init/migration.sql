-- CreateEnum
CREATE TYPE "TerminalKind" AS ENUM ('POS', 'KIOSK');

-- CreateEnum
CREATE TYPE "TerminalStatus" AS ENUM ('PENDING', 'ACTIVE', 'REVOKED');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('ADMIN', 'MARKETER', 'AGENT');

-- CreateEnum
CREATE TYPE "LifecycleStage" AS ENUM ('PROSPECT', 'NEW', 'ACTIVE', 'LAPSED', 'FORMER');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('FEMALE', 'MALE', 'OTHER');

-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('SMS', 'CALL', 'EMAIL', 'PUSH', 'PROFILING');

-- CreateEnum
CREATE TYPE "ConsentStatus" AS ENUM ('GRANTED', 'REFUSED');

-- CreateEnum
CREATE TYPE "ConsentSource" AS ENUM ('KIOSK', 'POS', 'WEB', 'CALL_CENTER', 'PAPER', 'CONSOLE', 'IMPORT');

-- CreateEnum
CREATE TYPE "CardKind" AS ENUM ('PRINTED', 'NFC_UID', 'NFC_SUN');

-- CreateEnum
CREATE TYPE "CardTrust" AS ENUM ('LOW', 'HIGH');

-- CreateEnum
CREATE TYPE "CardStatus" AS ENUM ('ACTIVE', 'BLOCKED', 'LOST', 'REPLACED');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('STAFF', 'TERMINAL', 'MEMBER', 'SYSTEM');

-- CreateTable
CREATE TABLE "store" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "store_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terminal" (
    "id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "kind" "TerminalKind" NOT NULL,
    "name" TEXT NOT NULL,
    "status" "TerminalStatus" NOT NULL DEFAULT 'PENDING',
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "terminal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terminal_enrolment" (
    "id" UUID NOT NULL,
    "terminal_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "terminal_enrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terminal_secret" (
    "id" UUID NOT NULL,
    "terminal_id" UUID NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "terminal_secret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_user" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" UUID NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "birth_date" DATE,
    "city" TEXT,
    "gender" "Gender",
    "lifecycle_stage" "LifecycleStage" NOT NULL DEFAULT 'NEW',
    "is_staff" BOOLEAN NOT NULL DEFAULT false,
    "tier_code" TEXT NOT NULL DEFAULT 'CLASSIC',
    "points_balance" INTEGER NOT NULL DEFAULT 0,
    "erased_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "status" "ConsentStatus" NOT NULL,
    "source" "ConsentSource" NOT NULL,
    "text_version" TEXT NOT NULL,
    "evidence" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,

    CONSTRAINT "consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "nfc_uid" TEXT,
    "kind" "CardKind" NOT NULL,
    "trust" "CardTrust" NOT NULL,
    "status" "CardStatus" NOT NULL DEFAULT 'ACTIVE',
    "status_reason" TEXT,
    "sun_counter" INTEGER,
    "replaced_by_id" UUID,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "terminal_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "request_id" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "system_setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "system_setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "store_code_key" ON "store"("code");

-- CreateIndex
CREATE INDEX "terminal_store_id_idx" ON "terminal"("store_id");

-- CreateIndex
CREATE UNIQUE INDEX "terminal_enrolment_code_hash_key" ON "terminal_enrolment"("code_hash");

-- CreateIndex
CREATE INDEX "terminal_enrolment_terminal_id_idx" ON "terminal_enrolment"("terminal_id");

-- CreateIndex
CREATE INDEX "terminal_secret_terminal_id_idx" ON "terminal_secret"("terminal_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_user_email_key" ON "staff_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "member_phone_key" ON "member"("phone");

-- CreateIndex
CREATE INDEX "member_last_name_first_name_idx" ON "member"("last_name", "first_name");

-- CreateIndex
CREATE INDEX "member_email_idx" ON "member"("email");

-- CreateIndex
CREATE INDEX "consent_member_id_kind_recorded_at_idx" ON "consent"("member_id", "kind", "recorded_at");

-- CreateIndex
CREATE UNIQUE INDEX "card_number_key" ON "card"("number");

-- CreateIndex
CREATE UNIQUE INDEX "card_nfc_uid_key" ON "card"("nfc_uid");

-- CreateIndex
CREATE UNIQUE INDEX "card_replaced_by_id_key" ON "card"("replaced_by_id");

-- CreateIndex
CREATE INDEX "card_member_id_idx" ON "card"("member_id");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "audit_log"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "terminal" ADD CONSTRAINT "terminal_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terminal_enrolment" ADD CONSTRAINT "terminal_enrolment_terminal_id_fkey" FOREIGN KEY ("terminal_id") REFERENCES "terminal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terminal_secret" ADD CONSTRAINT "terminal_secret_terminal_id_fkey" FOREIGN KEY ("terminal_id") REFERENCES "terminal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent" ADD CONSTRAINT "consent_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "card" ADD CONSTRAINT "card_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "card" ADD CONSTRAINT "card_replaced_by_id_fkey" FOREIGN KEY ("replaced_by_id") REFERENCES "card"("id") ON DELETE SET NULL ON UPDATE CASCADE;
