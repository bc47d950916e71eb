// The parts of nfc-pcsc 0.8 (and the @pokusew/pcsclite reader under it) that card-reader.ts uses.
// nfc-pcsc ships no types. Only card-reader.ts may import this module.

declare module 'nfc-pcsc' {
  import type { EventEmitter } from 'node:events';

  export const TAG_ISO_14443_3: 'TAG_ISO_14443_3';
  export const TAG_ISO_14443_4: 'TAG_ISO_14443_4';

  export type PcscStatus = { state: number; atr?: Buffer };

  /** The raw @pokusew/pcsclite reader: emits every status change of the slot. */
  export interface PcscReader extends EventEmitter {
    readonly name: string;
    readonly state: number;
    readonly connected: boolean;
    readonly SCARD_STATE_EMPTY: number;
    readonly SCARD_STATE_PRESENT: number;
    readonly SCARD_STATE_MUTE: number;
    on(event: 'status', listener: (status: PcscStatus) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'end', listener: () => void): this;
  }

  export type NfcCard = {
    atr?: Buffer;
    standard?: typeof TAG_ISO_14443_3 | typeof TAG_ISO_14443_4;
    type?: string;
    uid?: string;
    data?: Buffer;
  };

  /** nfc-pcsc's errors carry a code and the underlying pcsclite error as `previous`. */
  export class BaseError extends Error {
    code: string | null;
    previous?: Error;
  }

  export class Reader extends EventEmitter {
    readonly reader: PcscReader;
    readonly name: string;
    /** When false, `card` is emitted right after connecting and no APDU is sent (our own flow runs). */
    autoProcessing: boolean;
    card: NfcCard | null;
    connection: { type: number; protocol: number } | null;
    transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    close(): void;
    on(event: 'card', listener: (card: NfcCard) => void): this;
    on(event: 'card.off', listener: (card: NfcCard) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'end', listener: () => void): this;
  }

  export type NfcLogger = {
    log(...args: unknown[]): void;
    debug(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
  };

  export class NFC extends EventEmitter {
    constructor(logger?: NfcLogger);
    readonly readers: Record<string, PcscReader>;
    close(): void;
    on(event: 'reader', listener: (reader: Reader) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}
