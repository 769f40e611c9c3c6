import { crc32, deflateSync } from 'node:zlib';
import { prng } from './prng.js';

/**
 * A stand-in for a scanned page (demo only): a grey A4-proportioned page with a heading block,
 * lines of "text" and a round seal, as an 8-bit grayscale PNG built with node:zlib.
 */
export function demoScanPng(seed: number, width = 248, height = 351): Buffer {
  const rnd = prng(seed);
  const px = Buffer.alloc(height * (width + 1), 0);
  const set = (x: number, y: number, v: number) => {
    if (x >= 0 && y >= 0 && x < width && y < height) px[y * (width + 1) + 1 + x] = v;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) set(x, y, 242 - ((x * 7 + y * 13) % 5));
  const bar = (x0: number, y0: number, w: number, h: number, v: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, v);
  };
  bar(24, 18, 90, 4, 70);
  bar(134, 18, 90, 4, 70);
  bar(40, 26, 58, 3, 110);
  bar(150, 26, 58, 3, 110);
  bar(64, 52, 120, 6, 40);
  for (let y = 74; y < height - 90; y += 11) bar(24, y, 120 + rnd.int(80), 3, 95 + rnd.int(40));
  const [cx, cy, r] = [176, height - 52, 26];
  for (let a = 0; a < 720; a++)
    for (const d of [0, 1, 2]) set(Math.round(cx + (r - d) * Math.cos((a * Math.PI) / 360)), Math.round(cy + (r - d) * Math.sin((a * Math.PI) / 360)), 120);
  bar(150, height - 18, 54, 3, 80);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale, deflate, no filter method variants, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(px)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
