import { constants, deflateRawSync } from 'node:zlib';

/**
 * ZIP archives built in memory for tests and the zip-bomb measurement (bench/zip-bomb.ts); no
 * binary fixture is committed.
 *
 * `deflatedZeros(n)`: a raw DEFLATE stream that inflates to n zero bytes, built from one
 * compressed MiB repeated (each copy ends with a sync flush, so the copies concatenate), then a final
 * empty block: ~1 KB per inflated MiB, built in milliseconds whatever n is.
 */
export function deflatedZeros(bytes: number): Buffer {
  const MiB = 1024 * 1024;
  const segment = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_SYNC_FLUSH });
  const copies = Math.ceil(bytes / MiB);
  return Buffer.concat([...Array.from({ length: copies }, () => segment), Buffer.from([0x03, 0x00])]);
}

export interface ZipEntry {
  name: string;
  /** Bytes stored as they are (method 0) … */
  stored?: Buffer | string;
  /** … or an already deflated stream (method 8). */
  deflated?: Buffer;
  /** The uncompressed size the headers declare (an attacker's archive can lie). */
  declaredSize?: number;
}

/**
 * A ZIP archive of the given entries. `overlap`: extra central-directory entries (named
 * `${name}.${i}`) that all point at the first deflated entry's data, as in the "non-recursive" zip
 * bombs (one compressed kernel, inflated once per entry).
 */
export function buildZip(entries: ZipEntry[], opts: { overlap?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let firstDeflated: { offset: number; size: number; declared: number } | null = null;
  const centralRecord = (name: Buffer, method: number, size: number, declared: number, at: number) => {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8); // UTF-8 names
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(size, 20);
    c.writeUInt32LE(declared, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(at, 42);
    return Buffer.concat([c, name]);
  };
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.deflated ?? Buffer.from(e.stored ?? '');
    const method = e.deflated ? 8 : 0;
    const declared = e.declaredSize ?? data.length;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt32LE(data.length, 18);
    h.writeUInt32LE(declared, 22);
    h.writeUInt16LE(name.length, 26);
    central.push(centralRecord(name, method, data.length, declared, offset));
    if (method === 8 && !firstDeflated) firstDeflated = { offset, size: data.length, declared };
    locals.push(h, name, data);
    offset += h.length + name.length + data.length;
  }
  if (opts.overlap && firstDeflated) {
    const base = entries.find((e) => e.deflated)!;
    for (let i = 0; i < opts.overlap; i++)
      central.push(centralRecord(Buffer.from(`${base.name}.${i}`), 8, firstDeflated.size, firstDeflated.declared, firstDeflated.offset));
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(central.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(central.length, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A DOCX-shaped zip bomb: word/document.xml inflates to `bytes` zero bytes while declaring 1 KB. */
export const docxBomb = (bytes: number): Buffer =>
  buildZip([
    { name: '[Content_Types].xml', stored: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'word/document.xml', deflated: deflatedZeros(bytes), declaredSize: 1024 },
  ]);

/** An XLSX-shaped zip bomb (xl/worksheets/sheet1.xml). */
export const xlsxBomb = (bytes: number): Buffer =>
  buildZip([
    { name: '[Content_Types].xml', stored: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'xl/workbook.xml', stored: '<?xml version="1.0"?><workbook/>' },
    { name: 'xl/worksheets/sheet1.xml', deflated: deflatedZeros(bytes), declaredSize: 1024 },
  ]);
