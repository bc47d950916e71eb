-- CreateEnum
CREATE TYPE "SurveyStatus" AS ENUM ('DRAFT', 'ACTIVE', 'CLOSED');

-- CreateEnum
CREATE TYPE "SurveyKind" AS ENUM ('STANDARD', 'FOLLOW_UP');

-- CreateEnum
CREATE TYPE "SurveyTargeting" AS ENUM ('ANONYMOUS', 'MEMBER', 'AFTER_PURCHASE', 'SEGMENT');

-- CreateEnum
CREATE TYPE "SurveyQuestionType" AS ENUM ('NPS', 'CSAT', 'SINGLE', 'MULTI', 'TEXT');

-- CreateEnum
CREATE TYPE "TicketKind" AS ENUM ('COMPLAINT', 'WISH');

-- CreateEnum
CREATE TYPE "TicketChannel" AS ENUM ('KIOSK', 'POS', 'CONSOLE', 'EMAIL');

-- CreateEnum
CREATE TYPE "TicketPriority" AS ENUM ('HIGH', 'NORMAL', 'LOW');

-- CreateEnum
CREATE TYPE "TicketStatus" AS ENUM ('NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ContactChannel" AS ENUM ('SMS', 'EMAIL', 'CALL');

-- CreateEnum
CREATE TYPE "TicketEventKind" AS ENUM ('CREATED', 'STATUS_CHANGED', 'ASSIGNED', 'NOTE', 'REPLY', 'ATTACHMENT', 'SLA_BREACHED');

-- CreateTable
CREATE TABLE "survey" (
    "id" UUID NOT NULL,
    "code" TEXT,
    "kind" "SurveyKind" NOT NULL DEFAULT 'STANDARD',
    "status" "SurveyStatus" NOT NULL DEFAULT 'DRAFT',
    "title_tr" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "targeting" "SurveyTargeting" NOT NULL,
    "segment_id" TEXT,
    "store_ids" UUID[],
    "after_purchase_days" INTEGER,
    "active_from" TIMESTAMPTZ(3),
    "active_to" TIMESTAMPTZ(3),
    "period_days" INTEGER,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_question" (
    "id" UUID NOT NULL,
    "survey_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" "SurveyQuestionType" NOT NULL,
    "text_tr" TEXT NOT NULL,
    "text_en" TEXT NOT NULL,
    "options" JSONB NOT NULL DEFAULT '[]',
    "required" BOOLEAN NOT NULL DEFAULT true,
    "show_if" JSONB,

    CONSTRAINT "survey_question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_response" (
    "id" UUID NOT NULL,
    "survey_id" UUID NOT NULL,
    "member_id" UUID,
    "terminal_id" UUID,
    "store_id" UUID,
    "period_key" TEXT,
    "answers" JSONB NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_follow_up" (
    "id" UUID NOT NULL,
    "survey_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "response_id" UUID,
    "responded_at" TIMESTAMPTZ(3),

    CONSTRAINT "survey_follow_up_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_category" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name_tr" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "default_priority" "TicketPriority" NOT NULL DEFAULT 'NORMAL',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_team" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_team_member" (
    "team_id" UUID NOT NULL,
    "staff_user_id" UUID NOT NULL,

    CONSTRAINT "service_team_member_pkey" PRIMARY KEY ("team_id","staff_user_id")
);

-- CreateTable
CREATE TABLE "routing_rule" (
    "id" UUID NOT NULL,
    "category_id" UUID,
    "store_id" UUID,
    "team_id" UUID NOT NULL,
    "agent_id" UUID,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "routing_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sla_policy" (
    "priority" "TicketPriority" NOT NULL,
    "first_response_minutes" INTEGER NOT NULL,
    "resolution_minutes" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sla_policy_pkey" PRIMARY KEY ("priority")
);

-- CreateTable
CREATE TABLE "business_hours" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "week" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "business_hours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_holiday" (
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,
    "closes_at" INTEGER,

    CONSTRAINT "business_holiday_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "ticket" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "kind" "TicketKind" NOT NULL,
    "channel" "TicketChannel" NOT NULL,
    "category_id" UUID NOT NULL,
    "priority" "TicketPriority" NOT NULL,
    "status" "TicketStatus" NOT NULL DEFAULT 'NEW',
    "store_id" UUID,
    "member_id" UUID,
    "terminal_id" UUID,
    "created_by_id" UUID,
    "subject" TEXT,
    "text" TEXT NOT NULL,
    "contact_channel" "ContactChannel",
    "contact_name" TEXT,
    "contact_phone" TEXT,
    "contact_email" TEXT,
    "team_id" UUID,
    "assignee_id" UUID,
    "first_response_due_at" TIMESTAMPTZ(3) NOT NULL,
    "resolution_due_at" TIMESTAMPTZ(3) NOT NULL,
    "first_responded_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "waiting_since" TIMESTAMPTZ(3),
    "reopen_count" INTEGER NOT NULL DEFAULT 0,
    "breached_first_response" BOOLEAN NOT NULL DEFAULT false,
    "breached_resolution" BOOLEAN NOT NULL DEFAULT false,
    "first_response_escalated_at" TIMESTAMPTZ(3),
    "resolution_escalated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_event" (
    "id" BIGSERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "kind" "TicketEventKind" NOT NULL,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "from_status" "TicketStatus",
    "to_status" "TicketStatus",
    "channel" "ContactChannel",
    "body" TEXT,
    "data" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_attachment" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "uploaded_by_type" "ActorType" NOT NULL,
    "uploaded_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "canned_answer" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body_tr" TEXT NOT NULL,
    "body_en" TEXT,
    "category_id" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "canned_answer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "survey_code_key" ON "survey"("code");

-- CreateIndex
CREATE INDEX "survey_status_idx" ON "survey"("status");

-- CreateIndex
CREATE UNIQUE INDEX "survey_question_survey_id_key_key" ON "survey_question"("survey_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "survey_question_survey_id_position_key" ON "survey_question"("survey_id", "position");

-- CreateIndex
CREATE INDEX "survey_response_survey_id_submitted_at_idx" ON "survey_response"("survey_id", "submitted_at");

-- CreateIndex
CREATE UNIQUE INDEX "survey_response_survey_id_member_id_period_key_key" ON "survey_response"("survey_id", "member_id", "period_key");

-- CreateIndex
CREATE UNIQUE INDEX "survey_follow_up_ticket_id_key" ON "survey_follow_up"("ticket_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_follow_up_response_id_key" ON "survey_follow_up"("response_id");

-- CreateIndex
CREATE INDEX "survey_follow_up_member_id_responded_at_idx" ON "survey_follow_up"("member_id", "responded_at");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_category_code_key" ON "ticket_category"("code");

-- CreateIndex
CREATE UNIQUE INDEX "service_team_name_key" ON "service_team"("name");

-- CreateIndex
CREATE INDEX "service_team_member_staff_user_id_idx" ON "service_team_member"("staff_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_number_key" ON "ticket"("number");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_seq_key" ON "ticket"("seq");

-- CreateIndex
CREATE INDEX "ticket_status_team_id_idx" ON "ticket"("status", "team_id");

-- CreateIndex
CREATE INDEX "ticket_assignee_id_status_idx" ON "ticket"("assignee_id", "status");

-- CreateIndex
CREATE INDEX "ticket_member_id_created_at_idx" ON "ticket"("member_id", "created_at");

-- CreateIndex
CREATE INDEX "ticket_category_id_idx" ON "ticket"("category_id");

-- CreateIndex
CREATE INDEX "ticket_store_id_idx" ON "ticket"("store_id");

-- CreateIndex
CREATE INDEX "ticket_created_at_idx" ON "ticket"("created_at");

-- CreateIndex
CREATE INDEX "ticket_first_response_due_at_idx" ON "ticket"("first_response_due_at");

-- CreateIndex
CREATE INDEX "ticket_resolution_due_at_idx" ON "ticket"("resolution_due_at");

-- CreateIndex
CREATE INDEX "ticket_event_ticket_id_at_idx" ON "ticket_event"("ticket_id", "at");

-- CreateIndex
CREATE INDEX "ticket_attachment_ticket_id_idx" ON "ticket_attachment"("ticket_id");

-- AddForeignKey
ALTER TABLE "survey_question" ADD CONSTRAINT "survey_question_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_follow_up" ADD CONSTRAINT "survey_follow_up_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_follow_up" ADD CONSTRAINT "survey_follow_up_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_follow_up" ADD CONSTRAINT "survey_follow_up_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_follow_up" ADD CONSTRAINT "survey_follow_up_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "survey_response"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_team_member" ADD CONSTRAINT "service_team_member_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_team_member" ADD CONSTRAINT "service_team_member_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "ticket_category"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "ticket_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "canned_answer" ADD CONSTRAINT "canned_answer_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "ticket_category"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Ticket history is append-only. The one permitted change is erasure (KVKK): a body replaced by '[erased]'.
CREATE FUNCTION "ticket_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."body" = '[erased]'
     AND (NEW."id", NEW."ticket_id", NEW."kind", NEW."actor_type", NEW."actor_id", NEW."from_status", NEW."to_status", NEW."channel", NEW."at")
         IS NOT DISTINCT FROM (OLD."id", OLD."ticket_id", OLD."kind", OLD."actor_type", OLD."actor_id", OLD."from_status", OLD."to_status", OLD."channel", OLD."at")
     AND NEW."data" IS NOT DISTINCT FROM OLD."data" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ticket_event is append-only';
END;
$$;
CREATE TRIGGER "ticket_event_no_update" BEFORE UPDATE OR DELETE ON "ticket_event"
  FOR EACH ROW EXECUTE FUNCTION "ticket_event_append_only"();

-- Score ranges and SLA targets the database enforces too.
ALTER TABLE "sla_policy" ADD CONSTRAINT "sla_policy_minutes_check"
  CHECK ("first_response_minutes" > 0 AND "resolution_minutes" >= "first_response_minutes");
ALTER TABLE "survey" ADD CONSTRAINT "survey_period_check"
  CHECK (("period_days" IS NULL OR "period_days" > 0) AND ("after_purchase_days" IS NULL OR "after_purchase_days" > 0)
         AND ("active_from" IS NULL OR "active_to" IS NULL OR "active_from" < "active_to"));

-- Public holidays in Türkiye 2026–2027 (same list as TURKEY_PUBLIC_HOLIDAYS in @kulup/domain); arife = half day from 13:00.
INSERT INTO "business_holiday" ("date", "name", "closes_at") VALUES
  ('2026-01-01', 'Yılbaşı', NULL),
  ('2026-03-19', 'Ramazan Bayramı Arifesi', 780),
  ('2026-03-20', 'Ramazan Bayramı 1. gün', NULL),
  ('2026-03-21', 'Ramazan Bayramı 2. gün', NULL),
  ('2026-03-22', 'Ramazan Bayramı 3. gün', NULL),
  ('2026-04-23', 'Ulusal Egemenlik ve Çocuk Bayramı', NULL),
  ('2026-05-01', 'Emek ve Dayanışma Günü', NULL),
  ('2026-05-19', 'Atatürk''ü Anma, Gençlik ve Spor Bayramı', NULL),
  ('2026-05-26', 'Kurban Bayramı Arifesi', 780),
  ('2026-05-27', 'Kurban Bayramı 1. gün', NULL),
  ('2026-05-28', 'Kurban Bayramı 2. gün', NULL),
  ('2026-05-29', 'Kurban Bayramı 3. gün', NULL),
  ('2026-05-30', 'Kurban Bayramı 4. gün', NULL),
  ('2026-07-15', 'Demokrasi ve Millî Birlik Günü', NULL),
  ('2026-08-30', 'Zafer Bayramı', NULL),
  ('2026-10-28', 'Cumhuriyet Bayramı Arifesi', 780),
  ('2026-10-29', 'Cumhuriyet Bayramı', NULL),
  ('2027-01-01', 'Yılbaşı', NULL),
  ('2027-03-08', 'Ramazan Bayramı Arifesi', 780),
  ('2027-03-09', 'Ramazan Bayramı 1. gün', NULL),
  ('2027-03-10', 'Ramazan Bayramı 2. gün', NULL),
  ('2027-03-11', 'Ramazan Bayramı 3. gün', NULL),
  ('2027-04-23', 'Ulusal Egemenlik ve Çocuk Bayramı', NULL),
  ('2027-05-01', 'Emek ve Dayanışma Günü', NULL),
  ('2027-05-15', 'Kurban Bayramı Arifesi', 780),
  ('2027-05-16', 'Kurban Bayramı 1. gün', NULL),
  ('2027-05-17', 'Kurban Bayramı 2. gün', NULL),
  ('2027-05-18', 'Kurban Bayramı 3. gün', NULL),
  ('2027-05-19', 'Kurban Bayramı 4. gün; Atatürk''ü Anma, Gençlik ve Spor Bayramı', NULL),
  ('2027-07-15', 'Demokrasi ve Millî Birlik Günü', NULL),
  ('2027-08-30', 'Zafer Bayramı', NULL),
  ('2027-10-28', 'Cumhuriyet Bayramı Arifesi', 780),
  ('2027-10-29', 'Cumhuriyet Bayramı', NULL);

-- The satisfaction follow-up asked after a resolved ticket (system survey, one CSAT question).
INSERT INTO "survey" ("id", "code", "kind", "status", "title_tr", "title_en", "targeting", "store_ids", "created_at", "updated_at")
VALUES ('00000000-0000-7000-8000-00000000f001', 'TICKET_FOLLOW_UP', 'FOLLOW_UP', 'ACTIVE', 'Talebiniz hakkında kısa bir soru',
        'A quick question about your request', 'MEMBER', '{}', now(), now());
INSERT INTO "survey_question" ("id", "survey_id", "key", "position", "type", "text_tr", "text_en", "options", "required")
VALUES ('00000000-0000-7000-8000-00000000f002', '00000000-0000-7000-8000-00000000f001', 'csat', 0, 'CSAT',
        'Talebinizin çözümünden ne kadar memnun kaldınız?', 'How satisfied are you with how we resolved your request?', '[]', true);
