import net from 'node:net';
import { deriveCardKeys, verifySun } from '@kulup/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { readTap, type Transmit } from '../reader/read-tap';
import { VPCD_CONTROL, VpcdDecoder, encodeVpcdFrame } from './vpcd-protocol';
import { VirtualCard } from './virtual-card';

// VirtualCard over TCP against a stand-in for the vpcd driver (no pcscd needed): the same bytes vpcd would send.

const MASTER = '00112233445566778899AABBCCDDEEFF';
const UID = '04A1B2C3D4E5F6';
const keys = deriveCardKeys(Buffer.from(MASTER, 'hex'), UID);

/** The reader side of one vpcd connection: send controls/APDUs, await the card's frames. */
class FakeVpcd {
  private readonly decoder = new VpcdDecoder();
  private readonly queue: Buffer[] = [];
  private waiting: ((frame: Buffer | null) => void) | null = null;
  readonly closed: Promise<void>;

  constructor(private readonly socket: net.Socket) {
    socket.on('error', () => {}); // a card hanging up mid-write resets the connection: that is the point of some tests
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.decoder.push(chunk)) {
        const frame = message.kind === 'control' ? Buffer.from([message.control]) : message.apdu;
        if (this.waiting) {
          this.waiting(frame);
          this.waiting = null;
        } else this.queue.push(frame);
      }
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.waiting?.(null);
        resolve();
      }),
    );
  }

  control(control: number): void {
    this.socket.write(encodeVpcdFrame(Buffer.from([control])));
  }

  /** Resolves with the next frame from the card, or null if it hung up. */
  receive(): Promise<Buffer | null> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.socket.destroyed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async atr(): Promise<Buffer | null> {
    this.control(VPCD_CONTROL.getAtr);
    return this.receive();
  }

  readonly transmit: Transmit = async (command) => {
    this.socket.write(encodeVpcdFrame(command));
    return (await this.receive()) ?? Buffer.alloc(0);
  };
}

let server: net.Server | null = null;
const cards: VirtualCard[] = [];

async function listen(port = 0): Promise<{ port: number; next: () => Promise<FakeVpcd> }> {
  const connections: FakeVpcd[] = [];
  let wake: (() => void) | null = null;
  server = net.createServer((socket) => {
    connections.push(new FakeVpcd(socket));
    wake?.();
  });
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  const next = async () => {
    while (connections.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return connections.shift()!;
  };
  return { port: (server.address() as net.AddressInfo).port, next };
}

function card(options: Partial<ConstructorParameters<typeof VirtualCard>[0]> = {}): VirtualCard {
  const created = new VirtualCard({ uid: UID, masterKey: MASTER, ...options });
  cards.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(cards.splice(0).map((c) => c.remove()));
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

describe('VirtualCard over the vpcd protocol', () => {
  it('answers ATR and the tap APDUs, one fresh SUN message per power-on', async () => {
    const { port, next } = await listen();
    const sun = card({ counter: 19 });
    await sun.insert(port);
    const vpcd = await next();
    expect(sun.isInserted).toBe(true);
    expect((await vpcd.atr())?.toString('hex')).toBe('3b8180018080');

    const counters = [];
    for (let tap = 0; tap < 2; tap++) {
      vpcd.control(VPCD_CONTROL.powerOn);
      const result = await readTap(vpcd.transmit, 'iso14443-4');
      if (result.kind !== 'sun') throw new Error(`expected a SUN tap, got ${JSON.stringify(result)}`);
      const verified = verifySun({ piccData: result.piccData, cmac: result.cmac, ...keys });
      counters.push(verified.ok ? verified.counter : -1);
      vpcd.control(VPCD_CONTROL.powerOff);
    }
    expect(counters).toEqual([20, 21]);
    expect(sun.counter).toBe(21);
    expect(sun.apdusAnswered).toBe(10);
  });

  it('is removed when remove() closes the connection', async () => {
    const { port, next } = await listen();
    const c = card();
    await c.insert(port);
    const vpcd = await next();
    await c.remove();
    await vpcd.closed;
    expect(c.isInserted).toBe(false);
    await expect(c.whenRemoved()).resolves.toBeUndefined();
  });

  it('hangs up instead of answering at the tear point', async () => {
    const { port, next } = await listen();
    const torn = card({ tearAt: 'select-file' });
    await torn.insert(port);
    const vpcd = await next();
    vpcd.control(VPCD_CONTROL.powerOn);
    expect(await readTap(vpcd.transmit, 'iso14443-4')).toMatchObject({ kind: 'failed', code: 'no_response' });
    await torn.whenRemoved();
    expect(torn.isInserted).toBe(false);
  });

  it('hangs up at the second ATR request when torn at activation', async () => {
    const { port, next } = await listen();
    const torn = card({ tearAt: 'activation' });
    await torn.insert(port);
    const vpcd = await next();
    expect(await vpcd.atr()).not.toBeNull();
    expect(await vpcd.atr()).toBeNull();
    await torn.whenRemoved();
  });

  it('gives an invalid ATR after the presence check when unpowerable', async () => {
    const { port, next } = await listen();
    const broken = card({ unpowerable: true });
    await broken.insert(port);
    const vpcd = await next();
    expect((await vpcd.atr())?.toString('hex')).toBe('3b8180018080');
    vpcd.control(VPCD_CONTROL.powerOn);
    expect((await vpcd.atr())?.toString('hex')).toBe('0000');
    expect(broken.isInserted).toBe(true);
  });

  it('stays silent (but present) at the stall point', async () => {
    const { port, next } = await listen();
    const mute = card({ stallAt: 'read-binary' });
    await mute.insert(port);
    const vpcd = await next();
    vpcd.control(VPCD_CONTROL.powerOn);
    const controller = new AbortController();
    const pending = readTap(vpcd.transmit, 'iso14443-4', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mute.isInserted).toBe(true);
    expect(mute.apdusAnswered).toBe(3);
    await mute.remove();
    expect(await pending).toMatchObject({ kind: 'failed', code: 'no_response' });
  });

  it('waits for vpcd to start listening, and fails clearly when it never does', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    const early = card();
    const inserting = early.insert(port, { timeoutMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { next } = await listen(port);
    await inserting;
    await next();
    expect(early.isInserted).toBe(true);

    const never = card();
    await expect(never.insert(1, { timeoutMs: 200 })).rejects.toThrow(/vpcd is not listening on 127\.0\.0\.1:1/);
  });

  it('refuses bad keys and UIDs up front', () => {
    expect(() => new VirtualCard({ uid: UID, masterKey: 'abcd' })).toThrow(/masterKey/);
    expect(() => new VirtualCard({ uid: UID })).toThrow(/masterKey or kMeta/);
    expect(() => new VirtualCard({ uid: '0411', masterKey: MASTER })).toThrow(RangeError);
    expect(new VirtualCard({ uid: UID, kMeta: keys.kMeta, kFile: keys.kFile }).uid).toBe(UID);
    expect(new VirtualCard({ uid: 'deadbeef', mode: 'plain-uid' }).uid).toBe('DEADBEEF');
  });
});
