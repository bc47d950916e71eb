-- At most one open (issued, seen or activated) offer per member and campaign (docs/campaigns.md, personal
-- offers): set-wise offer generation inserts with ON CONFLICT DO NOTHING against it, so concurrent or repeated
-- runs never duplicate an offer. Prisma does not model partial indexes; its schema engine keeps this one.

-- Duplicates written before the index existed: the earliest open offer stays, the others expire.
UPDATE "personal_offer" p SET "status" = 'EXPIRED'
WHERE p."campaign_id" IS NOT NULL AND p."status" IN ('ISSUED', 'SEEN', 'ACTIVATED')
  AND EXISTS (
    SELECT 1 FROM "personal_offer" q
    WHERE q."member_id" = p."member_id" AND q."campaign_id" = p."campaign_id"
      AND q."status" IN ('ISSUED', 'SEEN', 'ACTIVATED') AND q."id" < p."id");

-- CreateIndex
CREATE UNIQUE INDEX "personal_offer_open_campaign_key" ON "personal_offer"("member_id", "campaign_id")
  WHERE "campaign_id" IS NOT NULL AND "status" IN ('ISSUED', 'SEEN', 'ACTIVATED');
