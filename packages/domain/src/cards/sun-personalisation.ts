import { CARD_KEY_NUMBERS, deriveCardKeys, diversifyKey } from './key-diversification';

/** Where the card mirrors its SUN data in the NDEF file (NTAG 424 DNA ChangeFileSettings SDM offsets). */
export type SdmOffsets = { piccDataOffset: number; sdmMacInputOffset: number; sdmMacOffset: number };

export type SunNdefTemplate = { ndefFile: Buffer; url: string; offsets: SdmOffsets };

const HTTPS_PREFIX = 0x04;
const PICC_PLACEHOLDER = '0'.repeat(32);
const MAC_PLACEHOLDER = '0'.repeat(16);

/**
 * The NDEF file (NLEN + one short URI record) to write to a card, with placeholders the card fills on each
 * tap: `<base>?picc_data=<32 hex>&cmac=<16 hex>`. The MAC covers no file data (input offset = MAC offset),
 * which is what the server verifies.
 */
export function buildSunNdefTemplate(baseUrl: string): SunNdefTemplate {
  if (!baseUrl.startsWith('https://')) throw new RangeError('The SUN base URL must start with https://');
  const url = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}picc_data=${PICC_PLACEHOLDER}&cmac=${MAC_PLACEHOLDER}`;
  const uriBody = Buffer.from(url.slice('https://'.length), 'ascii');
  const payload = Buffer.concat([Buffer.from([HTTPS_PREFIX]), uriBody]);
  if (payload.length > 255) throw new RangeError('The SUN URL is too long for a short NDEF record');
  // Record header: MB|ME|SR, TNF=well-known (0xD1); type length 1; payload length; type 'U'.
  const record = Buffer.concat([Buffer.from([0xd1, 0x01, payload.length, 0x55]), payload]);
  const nlen = Buffer.alloc(2);
  nlen.writeUInt16BE(record.length);
  const ndefFile = Buffer.concat([nlen, record]);
  const text = ndefFile.toString('latin1');
  const piccDataOffset = text.indexOf(`picc_data=${PICC_PLACEHOLDER}`) + 'picc_data='.length;
  const sdmMacOffset = text.indexOf(`cmac=${MAC_PLACEHOLDER}`) + 'cmac='.length;
  return { ndefFile, url, offsets: { piccDataOffset, sdmMacInputOffset: sdmMacOffset, sdmMacOffset } };
}

export type CardPersonalisation = {
  uid: string;
  /** AES-128 keys to set on the card, hex: application master (key 0), SDM meta read (1), SDM file read (2). */
  keys: { appMaster: string; sdmMetaRead: string; sdmFileRead: string };
  ndefFile: string;
  offsets: SdmOffsets;
};

/** Keys and NDEF content for one blank NTAG 424 DNA, all diversified from the master key and the card's UID. */
export function personaliseSunCard(masterKey: Buffer, uidHex: string, template: SunNdefTemplate): CardPersonalisation {
  const uid = uidHex.toUpperCase();
  const { kMeta, kFile } = deriveCardKeys(masterKey, uid);
  const appMaster = diversifyKey(masterKey, Buffer.from(uid, 'hex'), CARD_KEY_NUMBERS.appMaster);
  return {
    uid,
    keys: { appMaster: appMaster.toString('hex').toUpperCase(), sdmMetaRead: kMeta.toString('hex').toUpperCase(), sdmFileRead: kFile.toString('hex').toUpperCase() },
    ndefFile: template.ndefFile.toString('hex').toUpperCase(),
    offsets: template.offsets,
  };
}
