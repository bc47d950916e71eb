/// <reference path="./nfc-pcsc.d.ts" />
import { createRequire } from 'node:module';
import net from 'node:net';
import type { NFC as NfcContext, NfcCard, NfcLogger, PcscStatus, Reader as NfcReader } from 'nfc-pcsc';
import { readTap, type CardStandard, type NoSunReason, type TapReadFailure, type TapReadResult } from './read-tap';

// The only module that knows PC/SC. It wraps nfc-pcsc, runs the tap APDUs itself (autoProcessing off), and turns
// everything into typed events. nfc-pcsc loses connect errors and its context dies for good when pcscd stops,
// so this module watches card presence itself, bounds every tap in time and re-creates the context.

/** Why a tap or the reader stack failed; the tap flow never throws, it emits one of these. */
export type CardReaderErrorCode =
  | 'pcsc_unavailable'
  | 'connect_failed'
  | 'tap_timeout'
  | 'card_removed_during_read'
  | 'read_failed'
  | 'unsupported_card';

/** Everything the POS adapter learns from the readers; `atr` is upper-case hex. */
export type CardReaderEvent =
  | { kind: 'reader-attached'; reader: string }
  | { kind: 'reader-detached'; reader: string }
  | { kind: 'sun'; reader: string; uid?: string; piccData: string; cmac: string; url: string; atr: string }
  | { kind: 'uid'; reader: string; uid: string; atr: string; standard: CardStandard; noSunReason?: NoSunReason }
  | { kind: 'card-removed'; reader: string }
  | { kind: 'error'; reader?: string; code: CardReaderErrorCode; message: string };

export type CardReaderListener = (event: CardReaderEvent) => void;

export type CardReaderOptions = {
  /** Longest time from card detection to a `sun`/`uid` event before the tap is abandoned. */
  tapTimeoutMs?: number;
  /**
   * How often pcscd is polled while unreachable, and the first delay before re-creating the context after a failed
   * connect (doubling per consecutive failed connect up to `maxReconnectDelayMs`).
   */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Readers to use (by PC/SC name); others are ignored. */
  readerFilter?: (readerName: string) => boolean;
  /** pcscd's client socket; probed before a context is created because creating one blocks while pcscd is down. */
  pcscdSocket?: string;
  logger?: NfcLogger;
};

const DEFAULT_TAP_TIMEOUT_MS = 1500;
const DEFAULT_RECONNECT_DELAY_MS = 250;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 10_000;
const PROBE_TIMEOUT_MS = 500;
const FIRST_STATUS_WAIT_MS = 2000;
const DEFAULT_PCSCD_SOCKET = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
// SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD, SCARD_W_RESET_CARD, SCARD_W_UNPOWERED_CARD, SCARD_W_UNRESPONSIVE_CARD,
// SCARD_E_READER_UNAVAILABLE, and pcsclite's own message once the handle is gone.
const REMOVAL_ERRORS = /0x80100069|0x8010000C|0x80100068|0x80100067|0x80100066|0x80100017|not connected/i;

const FAILURE_CODES: Record<TapReadFailure, CardReaderErrorCode> = {
  no_response: 'card_removed_during_read',
  bad_response: 'read_failed',
  no_uid: 'unsupported_card',
  unsupported_card: 'unsupported_card',
};

const SILENT_LOGGER: NfcLogger = { log() {}, debug() {}, info() {}, warn() {}, error() {} };

type TapState = {
  readonly startedAt: number;
  readonly abort: AbortController;
  readonly timer: NodeJS.Timeout;
  connected: boolean;
};

type Slot = {
  readonly name: string;
  readonly device: NfcReader;
  present: boolean;
  tap: TapState | null;
};

class TapAbort extends Error {
  constructor(readonly reason: 'timeout' | 'removed' | 'stopped') {
    super(`tap aborted: ${reason}`);
  }
}

let nfcModule: typeof import('nfc-pcsc') | undefined;

// Loaded on first use so that importing the adapter (e.g. for the virtual card) needs no native build.
function loadNfcPcsc(): typeof import('nfc-pcsc') {
  nfcModule ??= createRequire(import.meta.url)('nfc-pcsc') as typeof import('nfc-pcsc');
  return nfcModule;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const previous = (error as { previous?: unknown }).previous;
  return previous instanceof Error ? `${error.message} (${previous.message})` : error.message;
}

/** Resolves true if pcscd accepts connections on its client socket. */
export function isPcscdReachable(socketPath: string = DEFAULT_PCSCD_SOCKET, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: socketPath });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Watches PC/SC readers and reads every tap: emits `sun` for NTAG 424 DNA SUN cards, `uid` for other cards, and
 * `error` for any tap that fails, without ever throwing; keeps (re)connecting to pcscd until `stop()`.
 */
export class CardReader {
  private readonly tapTimeoutMs: number;
  private readonly reconnectDelayMs: number;
  private readonly maxReconnectDelayMs: number;
  private readonly readerFilter: (readerName: string) => boolean;
  private readonly pcscdSocket: string;
  private readonly logger: NfcLogger;
  private readonly listeners = new Set<CardReaderListener>();
  private readonly slots = new Map<string, Slot>();
  private devices: NfcReader[] = [];
  // Readers whose pcsclite status thread has reported at least once (see closeDevice).
  private readonly monitoring = new WeakSet<NfcReader>();
  private context: NfcContext | null = null;
  // Bumped whenever a context is dropped, so late callbacks of an old context are ignored.
  private generation = 0;
  private running = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private connectFailures = 0;
  private dropPending = false;
  private outageReported = false;

  constructor(options: CardReaderOptions = {}) {
    this.tapTimeoutMs = options.tapTimeoutMs ?? DEFAULT_TAP_TIMEOUT_MS;
    this.reconnectDelayMs = options.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS;
    this.maxReconnectDelayMs = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
    this.readerFilter = options.readerFilter ?? (() => true);
    this.pcscdSocket = options.pcscdSocket ?? DEFAULT_PCSCD_SOCKET;
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: CardReaderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Names of the readers currently attached and in use. */
  get readers(): string[] {
    return [...this.slots.keys()];
  }

  /** Starts watching readers; an unreachable pcscd is reported once and retried in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.openContext();
  }

  /** Stops watching, releases the PC/SC context and every reader; no event is emitted afterwards. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.dropContext('stopped');
  }

  private emit(event: CardReaderEvent): void {
    if (!this.running) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('card reader listener failed', error);
      }
    }
  }

  private async openContext(): Promise<void> {
    this.reconnectTimer = null;
    if (!this.running || this.context) return;
    const generation = this.generation;
    const reachable = await isPcscdReachable(this.pcscdSocket);
    if (!this.running || generation !== this.generation || this.context) return;
    if (!reachable) {
      this.reportOutage(`pcscd is not reachable on ${this.pcscdSocket}`);
      this.scheduleReconnect(this.reconnectDelayMs);
      return;
    }
    let context: NfcContext;
    try {
      context = new (loadNfcPcsc().NFC)(this.logger);
    } catch (error) {
      this.reportOutage(`cannot open a PC/SC context: ${errorText(error)}`);
      this.scheduleReconnect(this.reconnectDelayMs);
      return;
    }
    this.context = context;
    this.outageReported = false;
    context.on('reader', (device) => {
      if (generation === this.generation) this.addReader(device, generation);
    });
    context.on('error', (error) => {
      // pcsclite stops monitoring for good after this (e.g. pcscd stopped): only a new context sees readers again.
      if (generation === this.generation) this.restartContext(`PC/SC context failed: ${errorText(error)}`);
    });
  }

  // A reader's status monitoring fails only when the PC/SC service does (pcscd stopped or restarted). The context
  // may not notice: if pcscd comes back while pcsclite re-lists readers, it keeps the stale names and never
  // reports the readers again. So any such failure restarts the whole context.
  private restartContext(why: string): void {
    this.reportOutage(why);
    this.deferDrop(this.reconnectDelayMs);
  }

  // Several readers fail together when pcscd goes away: one drop and one reconnect for all of them.
  private deferDrop(reconnectDelayMs: number): void {
    if (this.dropPending) return;
    this.dropPending = true;
    const generation = this.generation;
    setImmediate(() => {
      this.dropPending = false;
      if (!this.running || generation !== this.generation) return;
      void this.dropContext('stopped');
      this.scheduleReconnect(reconnectDelayMs);
    });
  }

  private reportOutage(message: string): void {
    this.logger.warn(message);
    if (this.outageReported) return;
    this.outageReported = true;
    this.emit({ kind: 'error', code: 'pcsc_unavailable', message });
  }

  private scheduleReconnect(delayMs: number): void {
    if (!this.running || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => void this.openContext(), delayMs);
  }

  /** Closes the context and its readers, reporting each reader as detached. */
  private dropContext(reason: TapAbort['reason']): Promise<void> {
    this.generation += 1;
    const context = this.context;
    this.context = null;
    for (const slot of this.slots.values()) this.abortTap(slot, reason);
    // Every reader of the context, ignored ones included: each holds a status thread that keeps the process alive.
    const closing = Promise.all(this.devices.map((device) => this.closeDevice(device)));
    this.devices = [];
    const names = [...this.slots.keys()];
    this.slots.clear();
    for (const name of names) this.emit({ kind: 'reader-detached', reader: name });
    const contextClosed = new Promise<void>((resolve) =>
      setImmediate(() => {
        try {
          context?.close();
        } catch (error) {
          this.logger.debug('closing PC/SC context failed', error);
        }
        resolve();
      }),
    );
    return Promise.all([closing, contextClosed]).then(() => undefined);
  }

  // Two pcsclite hazards. (1) It runs a reader's event callbacks, and the promise continuations they trigger (our
  // listeners, their awaits), while holding that reader's mutex; closing the reader takes the same mutex, so a close
  // reached from any event would deadlock the event loop: closes only ever run from setImmediate. (2) Its reader
  // thread signals its exit only from inside its monitoring loop, so a reader closed before that loop ran leaves a
  // libuv handle open and the process never exits: wait for the first status event, which proves the loop runs.
  private closeDevice(device: NfcReader): Promise<void> {
    return new Promise((resolve) => {
      const close = () => {
        clearTimeout(timer);
        device.reader.off('status', close);
        setImmediate(() => {
          try {
            device.close();
          } catch (error) {
            this.logger.debug('closing reader failed', error);
          }
          resolve();
        });
      };
      const timer = setTimeout(close, this.monitoring.has(device) ? 0 : FIRST_STATUS_WAIT_MS);
      if (!this.monitoring.has(device)) device.reader.once('status', close);
    });
  }

  private addReader(device: NfcReader, generation: number): void {
    const name = device.name;
    this.devices.push(device);
    device.reader.once('status', () => this.monitoring.add(device));
    device.on('end', () => {
      this.monitoring.add(device);
      this.devices = this.devices.filter((d) => d !== device);
    });
    // Registered even on readers we ignore: an 'error' without a listener would be thrown by EventEmitter.
    device.on('error', (error) => {
      this.logger.warn(`reader ${name}: ${errorText(error)}`);
      if (generation === this.generation) this.restartContext(`reader ${name} failed: ${errorText(error)}`);
    });
    if (!this.readerFilter(name)) return;
    device.autoProcessing = false;
    const slot: Slot = { name, device, present: false, tap: null };
    this.slots.set(name, slot);
    const current = () => generation === this.generation && this.slots.get(name) === slot;

    // nfc-pcsc reports connect/disconnect failures with `this.emit(err)`, i.e. under the error object as event
    // name, where no listener can see them; catch them on the way out.
    const originalEmit = device.emit.bind(device);
    device.emit = (eventName: string | symbol, ...args: unknown[]): boolean => {
      if ((eventName as unknown) instanceof Error) {
        if (current()) this.onLostError(slot, eventName as unknown as Error);
        return true;
      }
      return originalEmit(eventName, ...args);
    };

    device.reader.on('status', (status: PcscStatus) => {
      if (current()) this.onStatus(slot, status);
    });
    device.on('card', (card) => {
      if (current()) this.onCard(slot, card);
    });
    // An unplugged reader ends without an error; the context reports it again when it is plugged back in.
    device.on('end', () => {
      if (!current()) return;
      this.abortTap(slot, 'removed');
      this.slots.delete(name);
      this.emit({ kind: 'reader-detached', reader: name });
    });
    this.emit({ kind: 'reader-attached', reader: name });
  }

  private onStatus(slot: Slot, status: PcscStatus): void {
    const reader = slot.device.reader;
    const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
    if (present && !slot.present) {
      slot.present = true;
      this.beginTap(slot);
    } else if (!present && slot.present) {
      slot.present = false;
      if (slot.tap?.connected) {
        this.emit({ kind: 'error', reader: slot.name, code: 'card_removed_during_read', message: 'card left the reader during the tap' });
      }
      this.abortTap(slot, 'removed');
      this.emit({ kind: 'card-removed', reader: slot.name });
    }
  }

  // The tap clock starts at detection, so a connect that nfc-pcsc never reports still ends in an event.
  private beginTap(slot: Slot): void {
    this.abortTap(slot, 'removed');
    const abort = new AbortController();
    const timer = setTimeout(() => this.onTapTimeout(slot, tap), this.tapTimeoutMs);
    const tap: TapState = { startedAt: Date.now(), abort, timer, connected: false };
    slot.tap = tap;
  }

  private abortTap(slot: Slot, reason: TapAbort['reason']): void {
    const tap = slot.tap;
    if (!tap) return;
    slot.tap = null;
    clearTimeout(tap.timer);
    tap.abort.abort(new TapAbort(reason));
  }

  private onTapTimeout(slot: Slot, tap: TapState): void {
    if (slot.tap !== tap) return;
    const elapsed = Date.now() - tap.startedAt;
    this.abortTap(slot, 'timeout');
    if (!tap.connected) {
      this.emit({
        kind: 'error',
        reader: slot.name,
        code: 'connect_failed',
        message: `card detected but not connected within ${elapsed} ms`,
      });
      this.recycleContext(`connect on ${slot.name} never completed`);
      return;
    }
    this.emit({ kind: 'error', reader: slot.name, code: 'tap_timeout', message: `tap not read within ${elapsed} ms` });
  }

  private onLostError(slot: Slot, error: Error): void {
    this.logger.warn(`reader ${slot.name}: ${errorText(error)}`);
    if (error.name === 'DisconnectError') {
      // nfc-pcsc keeps its stale connection after a failed disconnect and would reuse it for the next card.
      this.recycleContext(`disconnect on ${slot.name} failed`);
      return;
    }
    const tap = slot.tap;
    if (!tap || tap.connected) return;
    // A failed connect leaves nfc-pcsc consistent (no connection); the card is usually gone or mute.
    this.abortTap(slot, 'removed');
    this.emit({ kind: 'error', reader: slot.name, code: 'connect_failed', message: errorText(error) });
  }

  // Backs off per consecutive failed connect so a mute card left on the reader cannot spin the context.
  private recycleContext(why: string): void {
    if (!this.running || this.dropPending) return;
    this.logger.warn(`re-creating PC/SC context: ${why}`);
    const delay = Math.min(this.maxReconnectDelayMs, this.reconnectDelayMs * 2 ** Math.min(this.connectFailures, 16));
    this.connectFailures += 1;
    this.deferDrop(delay);
  }

  private onCard(slot: Slot, card: NfcCard): void {
    // A card event without a detected presence (e.g. a status event we missed): treat it as a new tap.
    if (!slot.tap) {
      slot.present = true;
      this.beginTap(slot);
    }
    const tap = slot.tap!;
    tap.connected = true;
    this.connectFailures = 0;
    const atr = card.atr ? card.atr.toString('hex').toUpperCase() : '';
    const standard: CardStandard = card.standard === 'TAG_ISO_14443_3' ? 'iso14443-3' : 'iso14443-4';
    void this.runTap(slot, tap, atr, standard);
  }

  private async runTap(slot: Slot, tap: TapState, atr: string, standard: CardStandard): Promise<void> {
    const { signal } = tap.abort;
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {});
    const transmit = async (command: Buffer, maxResponseLength: number) => slot.device.transmit(command, maxResponseLength);
    let result: TapReadResult;
    try {
      result = await Promise.race([readTap(transmit, standard, { signal }), aborted]);
    } catch (error) {
      // Whoever aborted (timeout, removal, stop) has already reported it.
      if (error instanceof TapAbort) return;
      if (slot.tap !== tap) return;
      this.finishTap(slot, tap);
      const message = errorText(error);
      const removed = REMOVAL_ERRORS.test(message) || !slot.present;
      this.emit({ kind: 'error', reader: slot.name, code: removed ? 'card_removed_during_read' : 'read_failed', message });
      return;
    }
    if (slot.tap !== tap) return;
    this.finishTap(slot, tap);
    switch (result.kind) {
      case 'sun':
        this.emit({
          kind: 'sun',
          reader: slot.name,
          ...(result.uid ? { uid: result.uid } : {}),
          piccData: result.piccData,
          cmac: result.cmac,
          url: result.url,
          atr,
        });
        return;
      case 'uid':
        this.emit({
          kind: 'uid',
          reader: slot.name,
          uid: result.uid,
          atr,
          standard,
          ...(result.noSunReason ? { noSunReason: result.noSunReason } : {}),
        });
        return;
      case 'failed':
        this.emit({ kind: 'error', reader: slot.name, code: FAILURE_CODES[result.code], message: result.message });
        return;
    }
  }

  // The tap is over but the card stays present: no new tap until it leaves and comes back.
  private finishTap(slot: Slot, tap: TapState): void {
    clearTimeout(tap.timer);
    if (slot.tap === tap) slot.tap = null;
  }
}
