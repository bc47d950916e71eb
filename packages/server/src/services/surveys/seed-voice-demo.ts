import type { Db } from '../../db/database';
import type { Prisma, TicketPriority } from '../../generated/prisma/client';
import type { Tx } from '../context';
import { DEFAULT_SLA_TARGETS } from '../sla/sla-targets';

const CATEGORIES: { code: string; nameTr: string; nameEn: string; defaultPriority: TicketPriority; team: 'OPS' | 'CARE' }[] = [
  { code: 'KASA_BEKLEME', nameTr: 'Kasa / Bekleme', nameEn: 'Checkout / Waiting', defaultPriority: 'NORMAL', team: 'OPS' },
  { code: 'URUN_KALITESI', nameTr: 'Ürün Kalitesi', nameEn: 'Product quality', defaultPriority: 'HIGH', team: 'OPS' },
  { code: 'FIYAT_ETIKET', nameTr: 'Fiyat / Etiket', nameEn: 'Price / Label', defaultPriority: 'NORMAL', team: 'OPS' },
  { code: 'PERSONEL', nameTr: 'Personel', nameEn: 'Staff', defaultPriority: 'NORMAL', team: 'CARE' },
  { code: 'TEMIZLIK', nameTr: 'Temizlik', nameEn: 'Cleanliness', defaultPriority: 'NORMAL', team: 'OPS' },
  { code: 'KART_PUAN', nameTr: 'Kart / Puan', nameEn: 'Card / Points', defaultPriority: 'NORMAL', team: 'CARE' },
  { code: 'ONERI', nameTr: 'Öneri', nameEn: 'Suggestion', defaultPriority: 'LOW', team: 'CARE' },
];

const CANNED = [
  {
    title: 'Özür ve inceleme',
    bodyTr: 'Sayın müşterimiz, yaşadığınız olumsuzluk için özür dileriz. Konuyu mağaza ekibimizle inceliyoruz ve en kısa sürede size dönüş yapacağız.',
    bodyEn: 'Dear customer, we are sorry for the trouble. We are looking into it with the store team and will get back to you shortly.',
    category: null,
  },
  {
    title: 'Eksik puan düzeltildi',
    bodyTr: 'Alışverişinize ait eksik puanlar hesabınıza yüklenmiştir. Kulüp kartınızı kullandığınız için teşekkür ederiz.',
    bodyEn: 'The missing points for your purchase have been added to your account. Thank you for shopping with your club card.',
    category: 'KART_PUAN',
  },
  {
    title: 'Etiket farkı iadesi',
    bodyTr: 'Raf etiketi ile kasa fiyatı arasındaki fark tarafınıza iade edilecektir; fişinizle mağazamızın bilgi masasına uğrayabilirsiniz.',
    bodyEn: 'The difference between the shelf label and the till price will be refunded; please bring your receipt to the store information desk.',
    category: 'FIYAT_ETIKET',
  },
  {
    title: 'Öneriniz için teşekkürler',
    bodyTr: 'Öneriniz için teşekkür ederiz. İlgili ekibimize ilettik; değerlendirme sonucunu sizinle paylaşacağız.',
    bodyEn: 'Thank you for your suggestion. We have passed it to the team concerned and will let you know the outcome.',
    category: 'ONERI',
  },
];

/**
 * Demo service desk: seven complaint categories, two teams (store operations, customer care) with the active
 * agents in care, routing rules, the standard SLA policies, an anonymous NPS kiosk survey and a member CSAT
 * survey (Turkish and English), and a few canned answers. Does nothing when categories already exist.
 */
export async function seedVoiceDemo(db: Db | Tx): Promise<void> {
  if (await db.ticketCategory.findFirst({ select: { id: true } })) return;
  const categoryIds = new Map<string, string>();
  for (const [position, c] of CATEGORIES.entries()) {
    const created = await db.ticketCategory.create({ data: { code: c.code, nameTr: c.nameTr, nameEn: c.nameEn, defaultPriority: c.defaultPriority, position } });
    categoryIds.set(c.code, created.id);
  }
  const agents = await db.staffUser.findMany({ where: { active: true, role: 'AGENT' }, select: { id: true } });
  const ops = await db.serviceTeam.create({ data: { name: 'Mağaza Operasyon' } });
  const care = await db.serviceTeam.create({
    data: { name: 'Müşteri Hizmetleri', members: { create: agents.map((a) => ({ staffUserId: a.id })) } },
  });
  for (const c of CATEGORIES) {
    await db.routingRule.create({ data: { categoryId: categoryIds.get(c.code)!, teamId: c.team === 'OPS' ? ops.id : care.id, priority: 100 } });
  }
  // Anything not covered above lands with customer care.
  await db.routingRule.create({ data: { teamId: care.id, priority: 1000 } });
  for (const priority of ['HIGH', 'NORMAL', 'LOW'] as const) {
    await db.slaPolicy.upsert({ where: { priority }, create: { priority, ...DEFAULT_SLA_TARGETS[priority] }, update: {} });
  }

  const options = (xs: [string, string, string][]) => xs.map(([id, textTr, textEn]) => ({ id, textTr, textEn })) as Prisma.InputJsonValue;
  await db.survey.create({
    data: {
      titleTr: 'Bizi tavsiye eder misiniz?',
      titleEn: 'Would you recommend us?',
      targeting: 'ANONYMOUS',
      status: 'ACTIVE',
      storeIds: [],
      questions: {
        create: [
          {
            key: 'nps', position: 0, type: 'NPS',
            textTr: 'Kulüp Market’i bir arkadaşınıza tavsiye etme olasılığınız nedir?',
            textEn: 'How likely are you to recommend Kulüp Market to a friend?',
          },
          {
            key: 'why', position: 1, type: 'SINGLE', required: false,
            textTr: 'Sizi en çok ne rahatsız etti?', textEn: 'What bothered you most?',
            options: options([
              ['queue', 'Kasa kuyruğu', 'Checkout queue'],
              ['price', 'Fiyatlar', 'Prices'],
              ['freshness', 'Ürün tazeliği', 'Freshness'],
              ['staff', 'Personel', 'Staff'],
            ]),
            showIf: { questionId: 'nps', anyOf: [0, 1, 2, 3, 4, 5, 6] },
          },
          { key: 'comment', position: 2, type: 'TEXT', required: false, textTr: 'Eklemek istedikleriniz', textEn: 'Anything else?' },
        ],
      },
    },
  });
  await db.survey.create({
    data: {
      titleTr: 'Alışveriş deneyiminiz',
      titleEn: 'Your shopping experience',
      targeting: 'MEMBER',
      status: 'ACTIVE',
      storeIds: [],
      periodDays: 30,
      questions: {
        create: [
          { key: 'csat', position: 0, type: 'CSAT', textTr: 'Bugünkü alışverişinizden ne kadar memnun kaldınız?', textEn: 'How satisfied were you with your shopping today?' },
          {
            key: 'areas', position: 1, type: 'MULTI', required: false,
            textTr: 'Hangi reyonları ziyaret ettiniz?', textEn: 'Which departments did you visit?',
            options: options([
              ['produce', 'Meyve-sebze', 'Fruit and vegetables'],
              ['bakery', 'Fırın', 'Bakery'],
              ['deli', 'Şarküteri', 'Deli'],
              ['household', 'Ev ve temizlik', 'Household'],
            ]),
          },
        ],
      },
    },
  });
  for (const c of CANNED) {
    await db.cannedAnswer.create({ data: { title: c.title, bodyTr: c.bodyTr, bodyEn: c.bodyEn, categoryId: c.category ? categoryIds.get(c.category)! : null } });
  }
}
