// Reading scanned files safely: size limit, binary detection, UTF-16 and BOMs, invalid UTF-8,
// CR-only line endings. Returns text or a reason it cannot be scanned.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';

export type ReadResult = { ok: true; text: string; notice?: string } | { ok: false; message: string; kind: 'read' | 'limit' };

// One decoder of each kind for every file: a decode call without `stream` starts from a clean state.
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const UTF8_LENIENT = new TextDecoder('utf-8');

/** A UTF-16 byte-order mark (little- or big-endian) starts the bytes. */
export const isUtf16 = (b: Uint8Array): boolean => b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));

export function decode(buf: Uint8Array): ReadResult {
  let text: string;
  let notice: string | undefined;
  if (isUtf16(buf)) text = new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf.subarray(2));
  else {
    const head = buf.subarray(0, 8192);
    if (head.includes(0)) return { ok: false, kind: 'read', message: 'binary file (contains NUL bytes); skipped' };
    try {
      text = UTF8_STRICT.decode(buf);
    } catch {
      text = UTF8_LENIENT.decode(buf);
      notice = 'invalid UTF-8 bytes were replaced with U+FFFD';
    }
  }
  if (text.includes('\0')) return { ok: false, kind: 'read', message: 'binary file (contains NUL characters); skipped' };
  // CR-only line endings become LF (same length, so offsets and columns stay right).
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  return { ok: true, text, notice };
}

export function readText(path: string, maxBytes: number): ReadResult {
  const r = readBytes(path, maxBytes);
  return r.ok ? decode(r.bytes) : r;
}

/** A file's bytes, undecoded (at most `maxBytes`; else a `limit` result), or why it cannot be read. */
export function readBytes(path: string, maxBytes: number): { ok: true; bytes: Buffer } | Extract<ReadResult, { ok: false }> {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { ok: false, kind: 'limit', message: `file is ${size} bytes, over the ${maxBytes}-byte limit (limits.maxFileBytes); skipped` };
    // Only the bytes read are used (subarray below): no need to zero the buffer first.
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return { ok: true, bytes: buf.subarray(0, off) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, kind: 'read', message: `cannot read: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (code ?? (e as Error).message)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Texts read for one purpose and handed to the next reader of the same file, so it is not read
 * twice (the scan's planning pass reads every Terraform file; its units read them again). Each
 * entry is taken once; the stash holds at most `budget` characters (beyond that, files are read again).
 */
export class ReadStash {
  private readonly entries = new Map<string, ReadResult>();
  private chars = 0;
  constructor(private readonly budget: number) {}

  put(path: string, r: ReadResult): void {
    const n = r.ok ? r.text.length : 0;
    if (this.chars + n > this.budget || this.entries.has(path)) return;
    this.entries.set(path, r);
    this.chars += n;
  }

  take(path: string): ReadResult | undefined {
    const r = this.entries.get(path);
    if (!r) return undefined;
    this.entries.delete(path);
    if (r.ok) this.chars -= r.text.length;
    return r;
  }
}
