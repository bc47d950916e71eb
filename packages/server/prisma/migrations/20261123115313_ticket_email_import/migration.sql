-- AlterTable
ALTER TABLE "ticket" ADD COLUMN     "email_message_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ticket_email_message_id_key" ON "ticket"("email_message_id");
