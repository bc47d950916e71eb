import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { deriveCardKeys, type SunParams } from '@kulup/domain';
import { swHex } from '../reader/apdu';
import { Ntag424Applet, type CardKeys, type CardStep, type VirtualCardMode } from './ntag424-applet';
import { VPCD_CONTROL, VpcdDecoder, encodeVpcdFrame } from './vpcd-protocol';

/** First vpcd port ("Virtual PCD 00 00"); the second reader listens on 35964. */
export const VPCD_DEFAULT_PORT = 35963;

export type VirtualCardOptions = {
  /** Card UID, hex (7 bytes for SUN modes). */
  uid: string;
  /** Issuer master key (hex or 16 bytes); the card's SUN keys are diversified from it as the server does. */
  masterKey?: string | Buffer;
  /** Explicit SUN keys instead of `masterKey`. */
  kMeta?: Buffer;
  kFile?: Buffer;
  /** SDMReadCtr before the first tap (default 0, so the first tap mirrors 1). */
  counter?: number;
  mode?: VirtualCardMode;
  /** Message a `replay` card sends every tap; without it the card captures its own first message. */
  replayMessage?: SunParams;
  /** URL the SUN parameters are appended to. */
  baseUrl?: string;
  /** Pull the card (close the connection without answering) at this point of the tap. */
  tearAt?: TearPoint;
  /** Stop answering (stay on the reader, silent) when a command of this step arrives. */
  stallAt?: CardStep;
  /**
   * Answer the presence check but give an invalid ATR when pcscd powers the card up: the card stays on the reader
   * and every connect fails (a damaged or foreign card).
   */
  unpowerable?: boolean;
  /** Receives one line per control and APDU exchange. */
  log?: (line: string) => void;
};

export type InsertOptions = {
  host?: string;
  /** How long to keep retrying while vpcd is not listening yet (pcscd starting or restarting). */
  timeoutMs?: number;
};

const RETRY_DELAY_MS = 100;
// TS must be 3B or 3F; pcscd cannot pick a protocol from this, so SCardConnect fails with a protocol mismatch.
const INVALID_ATR = Buffer.from([0x00, 0x00]);

/**
 * Where `tearAt` pulls the card: at a command APDU of that step, or at `activation`, i.e. when vpcd asks for the
 * ATR a second time right after detecting the card (pcscd is powering it up; the connect then fails).
 */
export type TearPoint = CardStep | 'activation';

function toKey(value: string | Buffer, name: string): Buffer {
  const key = typeof value === 'string' ? Buffer.from(value, 'hex') : value;
  if (key.length !== 16) throw new RangeError(`${name} must be 16 bytes (32 hex characters)`);
  return key;
}

function resolveKeys(options: VirtualCardOptions, mode: VirtualCardMode): CardKeys | undefined {
  if (mode === 'plain-uid' || mode === 'no-ndef') return undefined;
  if (mode === 'cloned') {
    // A forger knows the UID but not the issuer's keys: any other master key stands in for theirs.
    return deriveCardKeys(randomBytes(16), options.uid);
  }
  if (options.kMeta && options.kFile) return { kMeta: toKey(options.kMeta, 'kMeta'), kFile: toKey(options.kFile, 'kFile') };
  if (options.masterKey) return deriveCardKeys(toKey(options.masterKey, 'masterKey'), options.uid);
  if (mode === 'replay' && options.replayMessage) return undefined;
  throw new Error(`mode ${mode} needs masterKey or kMeta and kFile`);
}

/**
 * A virtual NTAG 424 DNA for the vpcd driver: `insert()` connects to vpcd (card on the reader), `remove()`
 * disconnects (card taken away). Each power-on is a new session; the first NDEF read of a session mirrors a
 * fresh SUN message, exactly as the real tag's SDM does.
 */
export class VirtualCard {
  readonly applet: Ntag424Applet;
  tearAt: TearPoint | undefined;
  stallAt: CardStep | undefined;
  unpowerable: boolean;
  private readonly log: ((line: string) => void) | undefined;
  private socket: net.Socket | null = null;
  private closed: Promise<void> = Promise.resolve();
  private apduCount = 0;
  private atrRequests = 0;

  constructor(options: VirtualCardOptions) {
    const mode = options.mode ?? 'sun';
    this.applet = new Ntag424Applet({
      uid: options.uid,
      mode,
      keys: resolveKeys(options, mode),
      counter: options.counter,
      replayMessage: options.replayMessage,
      baseUrl: options.baseUrl,
    });
    this.tearAt = options.tearAt;
    this.stallAt = options.stallAt;
    this.unpowerable = options.unpowerable ?? false;
    this.log = options.log;
  }

  get uid(): string {
    return this.applet.uid.toString('hex').toUpperCase();
  }

  get mode(): VirtualCardMode {
    return this.applet.mode;
  }

  /** SDMReadCtr mirrored by the last tap. */
  get counter(): number {
    return this.applet.counter;
  }

  /** SUN message of the last tap that read the NDEF file. */
  get lastMessage(): SunParams | undefined {
    return this.applet.lastMessage;
  }

  get isInserted(): boolean {
    return this.socket !== null;
  }

  /** Command APDUs answered since construction. */
  get apdusAnswered(): number {
    return this.apduCount;
  }

  /** Puts the card on the reader: connects to vpcd, retrying while it is not listening. */
  async insert(port: number = VPCD_DEFAULT_PORT, options: InsertOptions = {}): Promise<void> {
    if (this.socket) throw new Error('virtual card is already inserted');
    const { host = '127.0.0.1', timeoutMs = 5000 } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        this.socket = await this.connect(host, port);
        return;
      } catch (error) {
        if (Date.now() >= deadline) {
          throw new Error(`vpcd is not listening on ${host}:${port} (is pcscd with vsmartcard-vpcd running?)`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  /** Takes the card off the reader; resolves once the connection is closed. */
  async remove(): Promise<void> {
    const socket = this.socket;
    if (socket) socket.destroy();
    await this.closed;
  }

  /** Resolves when the card leaves the reader (removed, torn, or vpcd went away). */
  whenRemoved(): Promise<void> {
    return this.closed;
  }

  private connect(host: string, port: number): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const onError = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        // vpcd closing on us (pcscd stopped) is a removal, not a failure of the caller.
        socket.on('error', (error) => this.log?.(`socket error: ${error.message}`));
        this.closed = new Promise((done) =>
          socket.once('close', () => {
            if (this.socket === socket) this.socket = null;
            this.applet.powerOff();
            this.log?.('removed');
            done();
          }),
        );
        this.attach(socket);
        resolve(socket);
      });
    });
  }

  private attach(socket: net.Socket): void {
    const decoder = new VpcdDecoder();
    this.atrRequests = 0;
    socket.on('data', (chunk: Buffer) => {
      for (const message of decoder.push(chunk)) {
        if (socket.destroyed) return;
        if (message.kind === 'control') {
          this.handleControl(socket, message.control);
          continue;
        }
        const step = Ntag424Applet.stepOf(message.apdu);
        if (this.tearAt === step) {
          this.log?.(`> ${message.apdu.toString('hex').toUpperCase()} (pulled at ${step})`);
          socket.destroy();
          return;
        }
        if (this.stallAt === step) {
          this.log?.(`> ${message.apdu.toString('hex').toUpperCase()} (stalled at ${step})`);
          continue;
        }
        const response = this.answer(message.apdu);
        this.apduCount += 1;
        this.log?.(`> ${message.apdu.toString('hex').toUpperCase()}\n< ${response.toString('hex').toUpperCase()}`);
        socket.write(encodeVpcdFrame(response));
      }
    });
  }

  private answer(apdu: Buffer): Buffer {
    try {
      return this.applet.process(apdu);
    } catch (error) {
      // A real tag answers every command; an emulator bug must not look like a removed card.
      this.log?.(`applet error: ${(error as Error).message}`);
      return Buffer.from([0x6f, 0x00]);
    }
  }

  private handleControl(socket: net.Socket, control: number): void {
    switch (control) {
      case VPCD_CONTROL.powerOff:
        this.applet.powerOff();
        this.log?.('power off');
        return;
      case VPCD_CONTROL.powerOn:
        this.applet.powerOn();
        this.log?.('power on');
        return;
      case VPCD_CONTROL.reset:
        this.applet.reset();
        this.log?.('reset');
        return;
      case VPCD_CONTROL.getAtr:
        this.atrRequests += 1;
        if (this.tearAt === 'activation' && this.atrRequests === 2) {
          this.log?.('get atr (pulled at activation)');
          socket.destroy();
          return;
        }
        this.log?.('get atr');
        socket.write(encodeVpcdFrame(this.unpowerable && this.atrRequests > 1 ? INVALID_ATR : this.applet.atr));
        return;
      default:
        this.log?.(`unknown vpcd control ${swHex(control)}`);
    }
  }
}
