// vsmartcard vpcd wire protocol: every message is a 2-byte big-endian length then the payload. A 1-byte payload
// is a control; any longer payload is a command APDU (from vpcd) or a response APDU / ATR (from the card).

/** vpcd control bytes. */
export const VPCD_CONTROL = { powerOff: 0, powerOn: 1, reset: 2, getAtr: 4 } as const;

export type VpcdControl = (typeof VPCD_CONTROL)[keyof typeof VPCD_CONTROL];

export type VpcdMessage = { kind: 'control'; control: number } | { kind: 'apdu'; apdu: Buffer };

/** Frames one payload for the wire. */
export function encodeVpcdFrame(payload: Buffer): Buffer {
  if (payload.length > 0xffff) throw new RangeError('vpcd payload longer than 65535 bytes');
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  return frame;
}

/** Incremental decoder: TCP may split or merge frames, so feed it every chunk and take the complete messages. */
export class VpcdDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): VpcdMessage[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: VpcdMessage[] = [];
    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0);
      if (this.pending.length < 2 + length) break;
      const payload = Buffer.from(this.pending.subarray(2, 2 + length));
      this.pending = this.pending.subarray(2 + length);
      if (length === 0) continue;
      messages.push(length === 1 ? { kind: 'control', control: payload[0]! } : { kind: 'apdu', apdu: payload });
    }
    return messages;
  }
}
