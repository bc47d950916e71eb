import { randomBytes } from 'node:crypto';
import { SDM_MAX_COUNTER, buildSunMessage, type SunParams } from '@kulup/domain';
import { CC_FILE_ID, NDEF_APP_AID, NDEF_FILE_ID, SW, responseApdu } from '../reader/apdu';
import { encodeNdefFile, encodeUriMessage } from '../reader/ndef';

// The APDU side of a personalised NTAG 424 DNA with SUN/SDM, as seen through a PC/SC contactless reader.
// No sockets here: VirtualCard feeds it vpcd controls and command APDUs.

/**
 * How the card behaves:
 * - `sun`: a genuine card, fresh SUN message with an incremented SDMReadCtr on every tap;
 * - `cloned`: same UID, SUN messages made with keys the server does not know (a forgery);
 * - `replay`: always the same captured SUN message (fixed counter);
 * - `plain-uid`: an ISO 14443-3 card (MIFARE Ultralight-like ATR) that only reports its UID;
 * - `no-ndef`: an ISO 14443-4 card without the NDEF application (e.g. a bank or transit card).
 */
export type VirtualCardMode = 'sun' | 'cloned' | 'replay' | 'plain-uid' | 'no-ndef';

/** Which step of the tap flow a command APDU is, so tests can pull the card at a chosen point. */
export type CardStep = 'get-uid' | 'select-app' | 'select-file' | 'read-binary' | 'other';

export type CardKeys = { kMeta: Buffer; kFile: Buffer };

export type Ntag424AppletOptions = {
  /** UID as hex: 7 bytes for SUN modes, 4, 7 or 10 bytes for `plain-uid`/`no-ndef`. */
  uid: string;
  mode: VirtualCardMode;
  /** Keys the SUN message is made with (the card's own keys, or the forger's for `cloned`). */
  keys?: CardKeys;
  /** SDMReadCtr before the first tap; the first SUN read mirrors `counter + 1`. */
  counter?: number;
  /** The captured message a `replay` card sends on every tap. */
  replayMessage?: SunParams;
  /** URL the SUN parameters are appended to. */
  baseUrl?: string;
};

/** PC/SC part 3 ATR for an ISO 14443-4 type A card with NTAG 424 DNA's historical byte 0x80 (atr[5] = 0x80). */
export const ATR_ISO14443_4 = Buffer.from('3B8180018080', 'hex');
/** PC/SC part 3 ATR for an ISO 14443-3 storage card (MIFARE Ultralight); atr[5] = 0x4F marks 14443-3 for nfc-pcsc. */
export const ATR_ISO14443_3 = Buffer.from('3B8F8001804F0CA0000003060300030000000068', 'hex');

export const DEFAULT_SUN_BASE_URL = 'https://kulup.example/t';
/** Size of the NTAG 424 DNA NDEF file (file 02, ISO id E104). */
export const NDEF_FILE_SIZE = 256;

// Capability container (NFC Forum Type 4 Tag 2.0): CCLEN 000F, version 20, MLe 0100, MLc 00FF,
// NDEF File Control TLV: file E104, max size 0100, free read access, no write access (a locked SUN card).
const CC_FILE = Buffer.from('000F20010000FF0406E1040100 00FF'.replace(/ /g, ''), 'hex');
const MF_ID = 0x3f00;

/** A personalised NTAG 424 DNA's command handling: selection state, NDEF/CC files, SDMReadCtr and SUN mirroring. */
export class Ntag424Applet {
  readonly uid: Buffer;
  readonly mode: VirtualCardMode;
  private readonly keys: CardKeys | undefined;
  private readonly baseUrl: string;
  private replayMessage: SunParams | undefined;
  private sdmReadCtr: number;
  private powered = false;
  private appSelected = false;
  private currentFile: number | null = null;
  private sessionNdefFile: Buffer | null = null;
  private lastSun: SunParams | undefined;

  constructor(options: Ntag424AppletOptions) {
    this.mode = options.mode;
    this.uid = Buffer.from(options.uid, 'hex');
    const sunMode = this.mode === 'sun' || this.mode === 'cloned' || this.mode === 'replay';
    const validLengths = sunMode ? [7] : [4, 7, 10];
    if (!/^[0-9a-fA-F]+$/.test(options.uid) || !validLengths.includes(this.uid.length) || options.uid.length !== this.uid.length * 2) {
      throw new RangeError(`UID must be ${validLengths.join(', ')} bytes of hex for mode ${this.mode}`);
    }
    this.sdmReadCtr = options.counter ?? 0;
    if (!Number.isInteger(this.sdmReadCtr) || this.sdmReadCtr < 0 || this.sdmReadCtr >= SDM_MAX_COUNTER) {
      throw new RangeError(`counter must be an integer 0–${SDM_MAX_COUNTER - 1}`);
    }
    if (sunMode && !options.keys && !(this.mode === 'replay' && options.replayMessage)) {
      throw new Error(`mode ${this.mode} needs card keys`);
    }
    this.keys = options.keys;
    this.baseUrl = options.baseUrl ?? DEFAULT_SUN_BASE_URL;
    this.replayMessage = options.replayMessage;
  }

  /** ATR the reader reports; decides 14443-3 vs 14443-4 handling in nfc-pcsc. */
  get atr(): Buffer {
    return this.mode === 'plain-uid' ? ATR_ISO14443_3 : ATR_ISO14443_4;
  }

  /** SDMReadCtr: the counter mirrored by the last SUN read (or the start value before any). */
  get counter(): number {
    return this.sdmReadCtr;
  }

  /** The SUN message of the last tap that read the NDEF file. */
  get lastMessage(): SunParams | undefined {
    return this.lastSun;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** Field on: a new session (the real tag resets its selection state on every activation). */
  powerOn(): void {
    this.powered = true;
    this.resetSession();
  }

  powerOff(): void {
    this.powered = false;
    this.resetSession();
  }

  reset(): void {
    this.powered = true;
    this.resetSession();
  }

  /** Classifies a command APDU without executing it. */
  static stepOf(command: Buffer): CardStep {
    const [cla, ins, p1] = command;
    if (cla === 0xff && ins === 0xca) return 'get-uid';
    if (cla === 0x00 && ins === 0xa4) return p1 === 0x04 ? 'select-app' : 'select-file';
    if (cla === 0x00 && ins === 0xb0) return 'read-binary';
    return 'other';
  }

  /** Executes one command APDU and returns the response APDU. */
  process(command: Buffer): Buffer {
    if (command.length < 4) return responseApdu(SW.wrongLength);
    const cla = command[0]!;
    const ins = command[1]!;
    if (cla === 0xff) {
      return ins === 0xca ? this.getUid(command) : responseApdu(SW.insNotSupported);
    }
    if (this.mode === 'plain-uid') return responseApdu(SW.insNotSupported);
    if (cla !== 0x00) return responseApdu(cla === 0x90 ? SW.insNotSupported : SW.claNotSupported);
    switch (ins) {
      case 0xa4:
        return this.select(command);
      case 0xb0:
        return this.readBinary(command);
      default:
        return responseApdu(SW.insNotSupported);
    }
  }

  private resetSession(): void {
    this.appSelected = false;
    this.currentFile = null;
    this.sessionNdefFile = null;
  }

  private getUid(command: Buffer): Buffer {
    const p1 = command[2];
    const p2 = command[3];
    if (p1 === 0x01) return responseApdu(SW.functionNotSupported);
    if (p1 !== 0x00 || p2 !== 0x00) return responseApdu(SW.wrongP1P2);
    return responseApdu(SW.ok, this.uid);
  }

  private select(command: Buffer): Buffer {
    const p1 = command[2]!;
    const p2 = command[3]!;
    if (p2 !== 0x00 && p2 !== 0x0c) return responseApdu(SW.wrongP1P2);
    const lc = command[4];
    if (lc === undefined || lc === 0 || (command.length !== 5 + lc && command.length !== 6 + lc)) {
      return responseApdu(SW.wrongLength);
    }
    const data = command.subarray(5, 5 + lc);
    if (p1 === 0x04) {
      if (this.mode === 'no-ndef' || !data.equals(NDEF_APP_AID)) return responseApdu(SW.fileNotFound);
      this.appSelected = true;
      this.currentFile = null;
      return responseApdu(SW.ok);
    }
    if (p1 === 0x00 || p1 === 0x02) {
      if (lc !== 2) return responseApdu(SW.wrongLength);
      const fileId = data.readUInt16BE(0);
      if (p1 === 0x00 && fileId === MF_ID) {
        this.appSelected = false;
        this.currentFile = null;
        return responseApdu(SW.ok);
      }
      if (!this.appSelected || (fileId !== NDEF_FILE_ID && fileId !== CC_FILE_ID)) return responseApdu(SW.fileNotFound);
      this.currentFile = fileId;
      return responseApdu(SW.ok);
    }
    return responseApdu(SW.wrongP1P2);
  }

  private readBinary(command: Buffer): Buffer {
    const p1 = command[2]!;
    // Short-file-identifier addressing (P1 bit 8) is not emulated.
    if (p1 & 0x80) return responseApdu(SW.wrongP1P2);
    if (command.length !== 5) return responseApdu(SW.wrongLength);
    if (this.currentFile === null) return responseApdu(SW.noCurrentEf);
    const file = this.currentFile === CC_FILE_ID ? CC_FILE : this.ndefFile();
    const offset = command.readUInt16BE(2);
    const le = command[4] === 0 ? 256 : command[4]!;
    if (offset >= file.length) return responseApdu(SW.wrongOffset);
    return responseApdu(SW.ok, file.subarray(offset, offset + le));
  }

  // SDMReadCtr moves once per session, on the first read of the NDEF file, like the tag's SDM mirroring;
  // further READ BINARY chunks of the same session see the same message.
  private ndefFile(): Buffer {
    if (this.sessionNdefFile) return this.sessionNdefFile;
    const sun = this.nextSunMessage();
    this.lastSun = sun;
    const url = `${this.baseUrl}?picc_data=${sun.piccData}&cmac=${sun.cmac}`;
    this.sessionNdefFile = encodeNdefFile(encodeUriMessage(url), NDEF_FILE_SIZE);
    return this.sessionNdefFile;
  }

  private nextSunMessage(): SunParams {
    if (this.mode === 'replay') {
      this.replayMessage ??= this.buildSun(this.sdmReadCtr + 1);
      return this.replayMessage;
    }
    if (this.sdmReadCtr >= SDM_MAX_COUNTER) throw new Error('SDMReadCtr exhausted');
    this.sdmReadCtr += 1;
    return this.buildSun(this.sdmReadCtr);
  }

  private buildSun(counter: number): SunParams {
    if (!this.keys) throw new Error('card keys missing');
    return buildSunMessage({ uid: this.uid, counter, kMeta: this.keys.kMeta, kFile: this.keys.kFile, random: randomBytes(5) });
  }
}
