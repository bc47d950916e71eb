import { createHash } from 'node:crypto';

import type { Db } from '../db/database';
import { hashPassword } from '../lib/secrets';
import { systemActor } from '../services/context';
import { demoImagePng } from '../services/media/demo-image';
import { storeMedia } from '../services/media/store-media';

export type KioskDemoSummary = { bulletins: number; offers: number; membersWithPin: number; demoPin: string } | null;

/** The PIN every demo member with an active card gets, so the kiosk can be tried with any sample card. */
export const DEMO_PIN = '2580';
const DAY = 86_400_000;

const BULLETINS = [
  {
    kind: 'CAMPAIGN', priority: 30, titleTr: 'Hafta sonu meyve-sebze şenliği', titleEn: 'Weekend fruit & veg festival',
    bodyTr: 'Cumartesi ve pazar tüm meyve ve sebzelerde Kulüp üyelerine 2 kat puan.', bodyEn: 'Double points on all fruit and vegetables for members this weekend.',
    from: [22, 120, 60], to: [180, 210, 60], circles: [{ x: 0.8, y: 0.2, r: 0.35, color: [255, 230, 120] }, { x: 0.2, y: 0.75, r: 0.3, color: [255, 120, 80] }],
  },
  {
    kind: 'DISCOUNT', priority: 20, titleTr: 'Kahvaltılıklarda %20 indirim', titleEn: '20% off breakfast favourites',
    bodyTr: 'Peynir, zeytin ve reçelde kartınıza özel indirim, ay sonuna kadar.', bodyEn: 'Card-only discount on cheese, olives and jam until the end of the month.',
    from: [200, 40, 60], to: [250, 150, 60], circles: [{ x: 0.3, y: 0.3, r: 0.4, color: [255, 240, 200] }],
  },
  {
    kind: 'SUPPLIER_AD', priority: 10, titleTr: 'Yerel üreticiden taze süt', titleEn: 'Fresh milk from local farms',
    bodyTr: 'Trakya çiftliklerinden her sabah raflarda.', bodyEn: 'On the shelves every morning from Thrace farms.',
    from: [30, 80, 170], to: [120, 190, 230], circles: [{ x: 0.7, y: 0.7, r: 0.4, color: [255, 255, 255] }],
  },
  {
    kind: 'FILM', priority: 5, titleTr: 'Mağazamızda yeni: kendi kendine ödeme kasaları', titleEn: 'New in store: self-checkout tills',
    bodyTr: 'Kartınızı okutun, ödemenizi yapın, puanınızı kazanın.', bodyEn: 'Scan your card, pay, earn your points.',
    from: [60, 40, 120], to: [150, 90, 200], circles: [{ x: 0.5, y: 0.4, r: 0.3, color: [255, 200, 255] }],
  },
] as const;

const OFFERS = [
  { titleTr: 'Kahvede 50 puan hediye', titleEn: '50 bonus points on coffee', descriptionTr: 'Herhangi bir paket kahve alışverişinde.', descriptionEn: 'With any pack of coffee.', days: 14 },
  { titleTr: 'Bebek bezinde %15 indirim', titleEn: '15% off nappies', descriptionTr: 'Tek alışverişte geçerli.', descriptionEn: 'Valid for one purchase.', days: 7 },
  { titleTr: '250 TL üzeri alışverişe 100 puan', titleEn: '100 points on a 250 TL basket', descriptionTr: 'Bu hafta sonuna kadar.', descriptionEn: 'Until the end of this week.', days: 5 },
] as const;

/**
 * Adds the kiosk's demo content once (skipped when bulletins exist): four bulletins with generated
 * pictures for every store, two or three personal offers for up to 200 active members, and the demo PIN
 * for every member with an active card (one scrypt hash shared, to keep the seed fast — demo data only).
 */
export async function seedKioskDemo(db: Db, options: { filesDir: string; now?: Date }): Promise<KioskDemoSummary> {
  if ((await db.bulletin.count()) > 0) return null;
  const now = options.now ?? new Date();
  for (const b of BULLETINS) {
    const bytes = demoImagePng({ width: 540, height: 960, from: b.from, to: b.to, circles: b.circles });
    const media = await storeMedia({ db, config: { filesDir: options.filesDir } }, systemActor, {
      contentType: 'image/png',
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    await db.bulletin.create({
      data: {
        kind: b.kind, priority: b.priority, titleTr: b.titleTr, titleEn: b.titleEn, bodyTr: b.bodyTr, bodyEn: b.bodyEn,
        mediaId: media.id, storeIds: [], startsAt: new Date(now.getTime() - DAY), endsAt: new Date(now.getTime() + 60 * DAY),
      },
    });
  }
  const members = await db.member.findMany({
    where: { erasedAt: null, isStaff: false, lifecycleStage: { in: ['ACTIVE', 'NEW'] }, cards: { some: { status: 'ACTIVE' } } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const offers = members.slice(0, 200).flatMap((m, i) =>
    OFFERS.slice(0, 2 + (i % 2)).map((o) => ({
      memberId: m.id, titleTr: o.titleTr, titleEn: o.titleEn, descriptionTr: o.descriptionTr, descriptionEn: o.descriptionEn,
      validFrom: new Date(now.getTime() - DAY), validTo: new Date(now.getTime() + o.days * DAY),
    })),
  );
  await db.personalOffer.createMany({ data: offers });
  const pinHash = await hashPassword(DEMO_PIN);
  await db.memberPin.createMany({ data: members.map((m) => ({ memberId: m.id, pinHash })), skipDuplicates: true });
  return { bulletins: BULLETINS.length, offers: offers.length, membersWithPin: members.length, demoPin: DEMO_PIN };
}
