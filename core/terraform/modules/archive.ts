// Extracting a downloaded module archive (.tar.gz or .zip) into a fresh directory, bounded: the
// unpacked size and entry count are limited, and an entry that would land outside the directory
// (absolute path, `..`) or that is a link of any kind fails the whole archive. A small reader rather
// than a dependency: only regular files and directories are ever written, which is all a module needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';

export class ArchiveError extends Error {}

interface Limits {
  maxBytes: number;
  maxEntries?: number;
}

function safeTarget(dest: string, name: string): string | undefined {
  const clean = name.replace(/\\/g, '/');
  if (clean.startsWith('/') || /^[a-z]:/i.test(clean)) throw new ArchiveError(`archive entry "${name}" has an absolute path`);
  if (clean.split('/').includes('..')) throw new ArchiveError(`archive entry "${name}" escapes the module folder`);
  const parts = clean.split('/').filter((p) => p && p !== '.');
  if (!parts.length) return undefined;
  const t = resolve(dest, ...parts);
  if (!t.startsWith(dest + sep)) throw new ArchiveError(`archive entry "${name}" escapes the module folder`);
  return t;
}

export function extractArchive(data: Buffer, format: 'tar.gz' | 'zip', dest: string, l: Limits): void {
  mkdirSync(dest, { recursive: true });
  if (format === 'zip') extractZip(data, resolve(dest), l);
  else {
    let tar: Buffer;
    try {
      tar = gunzipSync(data, { maxOutputLength: l.maxBytes + 1024 * 1024 });
    } catch (e) {
      const m = (e as Error).message;
      throw new ArchiveError(/maxOutputLength|buffer/i.test(m) ? `the archive unpacks to more than ${l.maxBytes} bytes` : `not a gzip archive: ${m}`);
    }
    extractTar(tar, resolve(dest), l);
  }
}

function extractTar(buf: Buffer, dest: string, l: Limits): void {
  let off = 0;
  let total = 0;
  let entries = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  const str = (a: number, n: number) => buf.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const size = parseInt(str(off + 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new ArchiveError('corrupt tar header');
    const type = String.fromCharCode(h[156] || 48);
    const prefix = str(off + 345, 155);
    let name = longName ?? paxPath ?? (prefix ? `${prefix}/${str(off, 100)}` : str(off, 100));
    const body = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      paxPath = m?.[1];
      continue;
    }
    if (type === 'g') continue;
    longName = paxPath = undefined;
    if (++entries > (l.maxEntries ?? 10_000)) throw new ArchiveError(`the archive has more than ${l.maxEntries ?? 10_000} entries`);
    if (type === '1' || type === '2') throw new ArchiveError(`archive entry "${name}" is a link; module archives with links are refused`);
    if (type !== '0' && type !== '5' && type !== '7') throw new ArchiveError(`archive entry "${name}" is a special file (type ${type}); refused`);
    name = name.replace(/^\.\//, '');
    const t = safeTarget(dest, name);
    if (!t) continue;
    if (type === '5') {
      mkdirSync(t, { recursive: true });
      continue;
    }
    total += size;
    if (total > l.maxBytes) throw new ArchiveError(`the archive unpacks to more than ${l.maxBytes} bytes`);
    mkdirSync(dirname(t), { recursive: true });
    writeFileSync(t, body, { flag: 'wx' });
  }
}

function extractZip(buf: Buffer, dest: string, l: Limits): void {
  // End of central directory: the last 22+ bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) if (buf.readUInt32LE(i) === 0x06054b50) (eocd = i), (i = -1);
  if (eocd < 0) throw new ArchiveError('not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  if (count > (l.maxEntries ?? 10_000)) throw new ArchiveError(`the archive has more than ${l.maxEntries ?? 10_000} entries`);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ArchiveError('corrupt zip directory');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const madeBy = buf.readUInt16LE(p + 4) >> 8;
    const mode = buf.readUInt32LE(p + 38) >>> 16;
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    p += 46 + nlen + xlen + clen;
    if (madeBy === 3 && (mode & 0o170000) === 0o120000) throw new ArchiveError(`archive entry "${name}" is a link; module archives with links are refused`);
    const t = safeTarget(dest, name);
    if (!t) continue;
    if (name.endsWith('/')) {
      mkdirSync(t, { recursive: true });
      continue;
    }
    total += usize;
    if (total > l.maxBytes) throw new ArchiveError(`the archive unpacks to more than ${l.maxBytes} bytes`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new ArchiveError('corrupt zip entry');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    let data: Buffer;
    if (method === 0) data = raw;
    else if (method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(usize, 1) });
    else throw new ArchiveError(`archive entry "${name}" uses an unsupported compression method ${method}`);
    if (data.length !== usize) throw new ArchiveError(`archive entry "${name}" does not unpack to its declared size`);
    mkdirSync(dirname(t), { recursive: true });
    writeFileSync(t, data, { flag: 'wx' });
  }
}

