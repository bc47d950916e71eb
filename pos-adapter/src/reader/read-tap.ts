import {
  MAX_SHORT_LE,
  NDEF_FILE_ID,
  SW,
  getUidApdu,
  readBinaryApdu,
  selectAidApdu,
  selectFileApdu,
  splitResponse,
  swHex,
} from './apdu';
import { sunFromNdefMessage } from './ndef';

// The APDU sequence of one tap, independent of PC/SC: the caller passes a transmit function, so the same code
// runs against nfc-pcsc in the daemon and against the virtual card's applet in unit tests.

/** Sends one command APDU and resolves with the response APDU (data ‖ SW1 SW2); rejects if the card is gone. */
export type Transmit = (command: Buffer, maxResponseLength: number) => Promise<Buffer>;

/** Card standard as guessed from the ATR by nfc-pcsc. */
export type CardStandard = 'iso14443-3' | 'iso14443-4';

/** Why a 14443-4 card yielded only its UID. */
export type NoSunReason = 'no_ndef_app' | 'no_ndef_file' | 'ndef_unreadable' | 'bad_ndef' | 'no_sun_message';

/**
 * Failure codes of a tap read: the card answered but gave nothing usable, or stopped answering (`no_response`,
 * an empty response: what vpcd and several readers return when the card leaves the field mid-command).
 */
export type TapReadFailure = 'no_uid' | 'no_response' | 'bad_response' | 'unsupported_card';

/** What one tap yielded; `uid` on a SUN tap is the reader-reported (unauthenticated, possibly random) UID. */
export type TapReadResult =
  | { kind: 'sun'; uid?: string; piccData: string; cmac: string; url: string }
  | { kind: 'uid'; uid: string; noSunReason?: NoSunReason }
  | { kind: 'failed'; code: TapReadFailure; message: string };

export type ReadTapOptions = {
  /** Checked before every APDU; reading stops with this signal's reason once aborted. */
  signal?: AbortSignal;
  /** Longest NDEF message accepted (a SUN URL is ~100 bytes; the NTAG 424 NDEF file is 256). */
  maxNdefBytes?: number;
  /** Le of each READ BINARY chunk. */
  chunkSize?: number;
};

const DEFAULT_MAX_NDEF_BYTES = 1024;
const DEFAULT_CHUNK = 0xf0;

class CardAnswerError extends Error {
  constructor(
    readonly code: Extract<TapReadFailure, 'no_response' | 'bad_response'>,
    message: string,
  ) {
    super(message);
  }
}

/** Reads one card: UID via `FF CA`, then for 14443-4 cards the NDEF app, file E104 and its SUN URL. */
export async function readTap(transmit: Transmit, standard: CardStandard, options: ReadTapOptions = {}): Promise<TapReadResult> {
  const { signal, maxNdefBytes = DEFAULT_MAX_NDEF_BYTES, chunkSize = DEFAULT_CHUNK } = options;
  const send = async (command: Buffer, expectedData: number) => {
    signal?.throwIfAborted();
    const response = await transmit(command, expectedData + 2);
    signal?.throwIfAborted();
    const split = splitResponse(response);
    if (!split) {
      const ins = command.subarray(0, 2).toString('hex').toUpperCase();
      if (response.length === 0) throw new CardAnswerError('no_response', `card stopped answering (empty response to ${ins})`);
      throw new CardAnswerError('bad_response', `${response.length}-byte response to ${ins}`);
    }
    return split;
  };

  try {
    const uidAnswer = await send(getUidApdu(), 10);
    const uid = uidAnswer.sw === SW.ok && uidAnswer.data.length > 0 ? uidAnswer.data.toString('hex').toUpperCase() : undefined;
    const uidOnly = (noSunReason: NoSunReason): TapReadResult =>
      uid
        ? { kind: 'uid', uid, noSunReason }
        : { kind: 'failed', code: 'unsupported_card', message: `card has no UID and no SUN message (${noSunReason})` };

    if (standard === 'iso14443-3') {
      return uid ? { kind: 'uid', uid } : { kind: 'failed', code: 'no_uid', message: `GET UID answered ${swHex(uidAnswer.sw)}` };
    }

    if ((await send(selectAidApdu(), 0)).sw !== SW.ok) return uidOnly('no_ndef_app');
    if ((await send(selectFileApdu(NDEF_FILE_ID), 0)).sw !== SW.ok) return uidOnly('no_ndef_file');

    const head = await send(readBinaryApdu(0, 2), 2);
    if (head.sw !== SW.ok || head.data.length !== 2) return uidOnly('ndef_unreadable');
    const nlen = head.data.readUInt16BE(0);
    if (nlen === 0 || nlen > maxNdefBytes) return uidOnly(nlen === 0 ? 'no_sun_message' : 'bad_ndef');

    const chunks: Buffer[] = [];
    const step = Math.min(chunkSize, MAX_SHORT_LE);
    for (let read = 0; read < nlen; ) {
      const want = Math.min(step, nlen - read);
      const part = await send(readBinaryApdu(2 + read, want), want);
      if (part.sw !== SW.ok || part.data.length === 0) return uidOnly('ndef_unreadable');
      chunks.push(part.data.subarray(0, want));
      read += Math.min(part.data.length, want);
    }

    const parsed = sunFromNdefMessage(Buffer.concat(chunks));
    if (!parsed.ok) return uidOnly('bad_ndef');
    if (!parsed.sun) return uidOnly('no_sun_message');
    return { kind: 'sun', ...(uid ? { uid } : {}), ...parsed.sun, url: parsed.url };
  } catch (error) {
    if (error instanceof CardAnswerError) return { kind: 'failed', code: error.code, message: error.message };
    throw error;
  }
}
