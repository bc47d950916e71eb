import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Draws a demo bulletin picture without any download: a diagonal two-colour gradient with soft circles,
 * encoded as an 8-bit RGB PNG. The kiosk lays the bulletin's title over it.
 */
export function demoImagePng(options: { width: number; height: number; from: Rgb; to: Rgb; circles: readonly { x: number; y: number; r: number; color: Rgb }[] }): Buffer {
  const { width, height, from, to, circles } = options;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      let rgb = [0, 1, 2].map((i) => from[i]! + (to[i]! - from[i]!) * t);
      for (const c of circles) {
        const d = Math.hypot(x - c.x * width, y - c.y * height) / (c.r * width);
        if (d < 1) {
          const a = 0.35 * (1 - d * d);
          rgb = rgb.map((v, i) => v * (1 - a) + c.color[i]! * a);
        }
      }
      const o = row + 1 + x * 3;
      raw[o] = Math.round(rgb[0]!);
      raw[o + 1] = Math.round(rgb[1]!);
      raw[o + 2] = Math.round(rgb[2]!);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
