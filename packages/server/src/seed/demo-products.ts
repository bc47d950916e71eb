// The demo product catalogue: about 150 articles a Turkish supermarket sells, with real brands, shelf prices
// in kuruş (late-2025 levels) and barcodes shaped like real ones. Barcodes are generated, not copied: 869 (GS1
// Türkiye) + a made-up company number per brand + an item number + the EAN-13 check digit; weighed produce gets
// an in-store code (prefix 27 + PLU), as scales print on their labels. Cross-sell pairs the console can show:
// printer → A4 paper and ink, phone → case and charger.

export type DemoProduct = { sku: string; name: string; category: string; brand: string | null; priceKurus: number };

/** Category names as the POS sends them on receipt lines; earning rules match these strings. */
export const DEMO_CATEGORIES = [
  'Meyve-Sebze',
  'Süt Ürünleri',
  'Et-Tavuk',
  'Fırın',
  'Temel Gıda',
  'İçecek',
  'Atıştırmalık',
  'Temizlik',
  'Kişisel Bakım',
  'Bebek',
  'Elektronik',
  'Elektronik Aksesuar',
  'Kırtasiye',
] as const;
export type DemoCategory = (typeof DEMO_CATEGORIES)[number];

/** EAN-13 check digit of the first 12 digits (weights 1, 3 from the left). */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

const ean13 = (first12: string) => first12 + String(ean13CheckDigit(first12));

// [name, brand or null for weighed/unbranded goods, price in TL]
type Item = readonly [string, string | null, number];

const CATALOGUE: Readonly<Record<DemoCategory, readonly Item[]>> = {
  'Meyve-Sebze': [
    ['Domates (kg)', null, 39.9],
    ['Salatalık (kg)', null, 34.9],
    ['Sivri Biber (kg)', null, 59.9],
    ['Patates (kg)', null, 24.9],
    ['Kuru Soğan (kg)', null, 19.9],
    ['Muz (kg)', null, 79.9],
    ['Amasya Elması (kg)', null, 44.9],
    ['Portakal (kg)', null, 34.9],
    ['Mandalina (kg)', null, 39.9],
    ['Limon (kg)', null, 49.9],
    ['Ispanak (kg)', null, 44.9],
    ['Kıvırcık Marul (adet)', null, 24.9],
    ['Maydanoz (demet)', null, 12.9],
    ['Çilek (500 g)', null, 89.9],
  ],
  'Süt Ürünleri': [
    ['Sütaş Yarım Yağlı Süt 1 L', 'Sütaş', 44.5],
    ['Pınar Tam Yağlı Süt 1 L', 'Pınar', 46.9],
    ['İçim Laktozsuz Süt 1 L', 'İçim', 54.9],
    ['Sütaş Ayran 1 L', 'Sütaş', 39.9],
    ['Sütaş Süzme Yoğurt 1500 g', 'Sütaş', 129.9],
    ['Pınar Labne 400 g', 'Pınar', 94.9],
    ['Pınar Beyaz Peynir 500 g', 'Pınar', 179.9],
    ['Sütaş Tam Yağlı Kaşar 400 g', 'Sütaş', 219.9],
    ['Ekici Ezine Peyniri 400 g', 'Ekici', 249.9],
    ['Muratbey Burgu Peynir 200 g', 'Muratbey', 99.9],
    ['Sütaş Tereyağı 500 g', 'Sütaş', 309.9],
    ['Eker Kefir 1 L', 'Eker', 64.9],
    ['Danone Activia Sade 4×100 g', 'Danone', 74.9],
    ['Sütaş Kaymak 200 g', 'Sütaş', 119.9],
    ['Pınar Kido Çikolatalı Süt 180 ml', 'Pınar', 17.5],
    ['Keskinoğlu Yumurta 30’lu (L)', 'Keskinoğlu', 169.9],
  ],
  'Et-Tavuk': [
    ['Banvit Bütün Piliç (kg)', 'Banvit', 119.9],
    ['Banvit Piliç Göğüs Fileto (kg)', 'Banvit', 239.9],
    ['Banvit Piliç Kanat (kg)', 'Banvit', 189.9],
    ['Şenpiliç Baget (kg)', 'Şenpiliç', 149.9],
    ['Dana Kıyma (kg)', null, 749.9],
    ['Dana Kuşbaşı (kg)', null, 849.9],
    ['Kuzu Pirzola (kg)', null, 1199.9],
    ['Namet Fermente Dana Sucuk 250 g', 'Namet', 239.9],
    ['Pınar Dana Salam 200 g', 'Pınar', 99.9],
    ['Pınar Hindi Füme 100 g', 'Pınar', 79.9],
    ['Apiko Dana Kavurma 200 g', 'Apiko', 329.9],
  ],
  Fırın: [
    ['Somun Ekmek 350 g', 'Kulüp Fırın', 15],
    ['Tam Buğday Ekmeği 500 g', 'Kulüp Fırın', 32.5],
    ['Ekşi Mayalı Köy Ekmeği 750 g', 'Kulüp Fırın', 59.9],
    ['Susamlı Simit', 'Kulüp Fırın', 15],
    ['Peynirli Poğaça', 'Kulüp Fırın', 17.5],
    ['Sade Açma', 'Kulüp Fırın', 15],
    ['Uno Tost Ekmeği 600 g', 'Uno', 54.9],
    ['Uno Lavaş 6’lı', 'Uno', 44.9],
  ],
  'Temel Gıda': [
    ['Filiz Spagetti Makarna 500 g', 'Filiz', 24.9],
    ['Nuh’un Ankara Burgu Makarna 500 g', 'Nuh’un Ankara', 22.9],
    ['Yayla Baldo Pirinç 1 kg', 'Yayla', 84.9],
    ['Reis Kırmızı Mercimek 1 kg', 'Reis', 69.9],
    ['Duru Pilavlık Bulgur 1 kg', 'Duru', 44.9],
    ['Komili Ayçiçek Yağı 5 L', 'Komili', 379.9],
    ['Komili Riviera Zeytinyağı 1 L', 'Komili', 379.9],
    ['Torku Toz Şeker 3 kg', 'Torku', 129.9],
    ['Billur Sofra Tuzu 750 g', 'Billur', 17.9],
    ['Söke Çok Amaçlı Un 2 kg', 'Söke', 54.9],
    ['Tat Domates Salçası 830 g', 'Tat', 79.9],
    ['Tukaş Biber Salçası 650 g', 'Tukaş', 89.9],
    ['Marmarabirlik Siyah Zeytin 800 g', 'Marmarabirlik', 239.9],
    ['Çaykur Rize Turist Çayı 1 kg', 'Çaykur', 259.9],
    ['Doğuş Karadeniz Çayı 1 kg', 'Doğuş', 229.9],
    ['Lipton Yellow Label 100’lü Bardak Poşet', 'Lipton', 189.9],
    ['Nescafé Gold 100 g', 'Nescafé', 239.9],
    ['Kurukahveci Mehmet Efendi Türk Kahvesi 100 g', 'Kurukahveci Mehmet Efendi', 89.9],
    ['Balparmak Çiçek Balı 850 g', 'Balparmak', 399.9],
    ['Tamek Vişne Reçeli 380 g', 'Tamek', 69.9],
    ['Tat Ketçap 600 g', 'Tat', 64.9],
    ['Koska Sade Helva 500 g', 'Koska', 129.9],
  ],
  İçecek: [
    ['Uludağ Gazoz 1 L', 'Uludağ', 29.9],
    ['Uludağ Limonata 1 L', 'Uludağ', 34.9],
    ['Erikli Doğal Kaynak Suyu 5 L', 'Erikli', 34.9],
    ['Erikli Su 0,5 L 12’li', 'Erikli', 59.9],
    ['Beypazarı Maden Suyu 6×200 ml', 'Beypazarı', 44.9],
    ['Kızılay Maden Suyu 6×200 ml', 'Kızılay', 44.9],
    ['Coca-Cola 2,5 L', 'Coca-Cola', 64.9],
    ['Coca-Cola Zero Sugar 1 L', 'Coca-Cola', 39.9],
    ['Fanta Portakal 1 L', 'Fanta', 37.9],
    ['Cappy Vişne Nektarı 1 L', 'Cappy', 54.9],
    ['Dimes %100 Portakal Suyu 1 L', 'Dimes', 69.9],
    ['Lipton Ice Tea Şeftali 1,5 L', 'Lipton', 49.9],
    ['Red Bull Enerji İçeceği 250 ml', 'Red Bull', 64.9],
    ['Çamlıca Gazoz 1 L', 'Çamlıca', 27.9],
  ],
  Atıştırmalık: [
    ['Ülker Çikolatalı Gofret 36 g', 'Ülker', 12.5],
    ['Ülker Albeni 40 g', 'Ülker', 17.5],
    ['Ülker Dido 35 g', 'Ülker', 17.5],
    ['Ülker Biskrem 100 g', 'Ülker', 24.9],
    ['Ülker Çokoprens 300 g', 'Ülker', 59.9],
    ['Ülker Halley 10’lu', 'Ülker', 79.9],
    ['Eti Burçak 131 g', 'Eti', 29.9],
    ['Eti Cin Portakallı 114 g', 'Eti', 29.9],
    ['Eti Puf 19 g', 'Eti', 9.9],
    ['Eti Tutku 100 g', 'Eti', 22.9],
    ['Torku Banada 400 g', 'Torku', 89.9],
    ['Lay’s Klasik 96 g', 'Lay’s', 44.9],
    ['Ruffles Peynirli 107 g', 'Ruffles', 47.9],
    ['Doritos Nacho 113 g', 'Doritos', 49.9],
    ['Tadım Karışık Kuruyemiş 180 g', 'Tadım', 149.9],
    ['Nestlé Damak Antep Fıstıklı 60 g', 'Nestlé', 49.9],
  ],
  Temizlik: [
    ['Fairy Bulaşık Deterjanı Limon 650 ml', 'Fairy', 84.9],
    ['Fairy Platinum Bulaşık Makinesi Tableti 50’li', 'Fairy', 599.9],
    ['Finish Quantum Tablet 60’lı', 'Finish', 649.9],
    ['Pril Sıvı Bulaşık Deterjanı 1,35 L', 'Pril', 99.9],
    ['Omo Matik Toz Deterjan 6 kg', 'Omo', 449.9],
    ['Omo Sıvı Çamaşır Deterjanı 1,69 L', 'Omo', 259.9],
    ['Ariel Matik Toz Deterjan 5,5 kg', 'Ariel', 429.9],
    ['Persil Jel Sıvı Deterjan 1,69 L', 'Persil', 249.9],
    ['Yumoş Extra Yumuşatıcı 1,44 L', 'Yumoş', 129.9],
    ['Domestos Çamaşır Suyu 750 ml', 'Domestos', 64.9],
    ['Cif Krem Yüzey Temizleyici 750 ml', 'Cif', 84.9],
    ['Solo Tuvalet Kağıdı 32’li', 'Solo', 329.9],
    ['Solo Kağıt Havlu 12’li', 'Solo', 279.9],
    ['Selpak Kağıt Havlu 6’lı', 'Selpak', 159.9],
    ['Selpak Cep Mendili 10’lu', 'Selpak', 34.9],
  ],
  'Kişisel Bakım': [
    ['Nivea Creme 150 ml', 'Nivea', 169.9],
    ['Nivea Men Deodorant 150 ml', 'Nivea', 119.9],
    ['Nivea Sun SPF 50 Güneş Kremi 200 ml', 'Nivea', 449.9],
    ['Dove Güzellik Sabunu 4×90 g', 'Dove', 129.9],
    ['Dove Onarıcı Şampuan 500 ml', 'Dove', 149.9],
    ['Elidor Güçlü ve Parlak Şampuan 650 ml', 'Elidor', 139.9],
    ['Head & Shoulders Kepeğe Karşı Şampuan 400 ml', 'Head & Shoulders', 169.9],
    ['Colgate Optic White Diş Macunu 75 ml', 'Colgate', 99.9],
    ['Signal White Now Diş Macunu 75 ml', 'Signal', 79.9],
    ['Oral-B Pro Expert Diş Fırçası', 'Oral-B', 89.9],
    ['Gillette Blue3 Tıraş Bıçağı 6’lı', 'Gillette', 189.9],
    ['Rexona Kadın Deodorant 150 ml', 'Rexona', 109.9],
    ['Duru Zeytinyağlı Sabun 4×70 g', 'Duru', 54.9],
    ['Orkid Ultra Hijyenik Ped 16’lı', 'Orkid', 99.9],
  ],
  Bebek: [
    ['Prima Bebek Bezi 4 Numara 50’li', 'Prima', 549.9],
    ['Prima Islak Havlu 3×52’li', 'Prima', 119.9],
    ['Molfix Bebek Bezi 5 Numara 44’lü', 'Molfix', 499.9],
    ['Sleepy Bebek Bezi 3 Numara 56’lı', 'Sleepy', 379.9],
    ['Uni Baby Islak Mendil 3×52’li', 'Uni Baby', 99.9],
    ['HiPP Organik Elmalı Kavanoz Maması 125 g', 'HiPP', 64.9],
    ['Aptamil 2 Devam Sütü 800 g', 'Aptamil', 899.9],
    ['Bebelac 1 Bebek Sütü 800 g', 'Bebelac', 749.9],
    ['Ülker Bebe Bisküvisi 172 g', 'Ülker', 49.9],
    ['Johnson’s Baby Şampuan 500 ml', 'Johnson’s', 134.9],
  ],
  Elektronik: [
    ['HP DeskJet 2820 Çok Fonksiyonlu Yazıcı', 'HP', 2999],
    ['Canon PIXMA TS3350 Yazıcı', 'Canon', 2749],
    ['Samsung Galaxy A15 128 GB Cep Telefonu', 'Samsung', 8999],
    ['Xiaomi Redmi Note 13 256 GB Cep Telefonu', 'Xiaomi', 11999],
  ],
  'Elektronik Aksesuar': [
    ['Samsung Galaxy A15 Silikon Telefon Kılıfı', 'Samsung', 349.9],
    ['Xiaomi Redmi Note 13 Şeffaf Telefon Kılıfı', 'Xiaomi', 299.9],
    ['Ttec 20 W USB-C Hızlı Şarj Adaptörü', 'Ttec', 399.9],
    ['Ttec USB-C – USB-C Kablo 1 m', 'Ttec', 199.9],
    ['Ttec Temperli Cam Ekran Koruyucu', 'Ttec', 249.9],
    ['HP 305 Siyah Mürekkep Kartuşu', 'HP', 549.9],
    ['Canon PG-545 Siyah Mürekkep Kartuşu', 'Canon', 599.9],
    ['Duracell AA Alkalin Pil 4’lü', 'Duracell', 149.9],
    ['JBL Tune 110 Kulak İçi Kulaklık', 'JBL', 499.9],
  ],
  Kırtasiye: [
    ['Copier Bond A4 Fotokopi Kağıdı 80 g 500’lü', 'Copier Bond', 219.9],
    ['Navigator A4 Fotokopi Kağıdı 80 g 500’lü', 'Navigator', 279.9],
    ['Bic Cristal Tükenmez Kalem 4’lü', 'Bic', 59.9],
    ['Faber-Castell Kurşun Kalem 12’li', 'Faber-Castell', 89.9],
    ['Faber-Castell Kuru Boya 12 Renk', 'Faber-Castell', 119.9],
    ['Gıpta Spiralli Kareli Defter A4 100 Yaprak', 'Gıpta', 99.9],
    ['Keskin Color Çizgili Defter A5 60 Yaprak', 'Keskin Color', 49.9],
    ['Pritt Stick Yapıştırıcı 22 g', 'Pritt', 69.9],
  ],
};

/** The demo catalogue with generated EAN-13 barcodes as SKUs, in a stable order. */
export function demoProducts(): DemoProduct[] {
  const brandCodes = new Map<string, number>();
  const itemCounters = new Map<string, number>();
  let plu = 1000;
  const products: DemoProduct[] = [];
  for (const category of DEMO_CATEGORIES) {
    for (const [name, brand, priceTl] of CATALOGUE[category]) {
      let sku: string;
      if (brand === null) {
        // Restricted-circulation code for weighed and loose goods: 27 + 5-digit PLU + 5-digit price/weight field.
        sku = ean13(`27${String(plu++).padStart(5, '0')}00000`);
      } else {
        if (!brandCodes.has(brand)) brandCodes.set(brand, 1000 + brandCodes.size * 37);
        const item = (itemCounters.get(brand) ?? 0) + 1;
        itemCounters.set(brand, item);
        sku = ean13(`869${String(brandCodes.get(brand)).padStart(4, '0')}${String(item).padStart(5, '0')}`);
      }
      products.push({ sku, name, category, brand, priceKurus: Math.round(priceTl * 100) });
    }
  }
  return products;
}
