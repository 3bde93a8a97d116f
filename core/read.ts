// Reading scanned files safely: size limit, binary detection, UTF-16 and BOMs, invalid UTF-8,
// CR-only line endings. Returns text or a reason it cannot be scanned.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';

export type ReadResult = { ok: true; text: string; notice?: string } | { ok: false; message: string; kind: 'read' | 'limit' };

export function decode(buf: Uint8Array): ReadResult {
  let text: string;
  let notice: string | undefined;
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) text = new TextDecoder('utf-16le').decode(buf.subarray(2));
  else if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) text = new TextDecoder('utf-16be').decode(buf.subarray(2));
  else {
    const head = buf.subarray(0, 8192);
    if (head.includes(0)) return { ok: false, kind: 'read', message: 'binary file (contains NUL bytes); skipped' };
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
    } catch {
      text = new TextDecoder('utf-8').decode(buf);
      notice = 'invalid UTF-8 bytes were replaced with U+FFFD';
    }
  }
  if (text.includes('\0')) return { ok: false, kind: 'read', message: 'binary file (contains NUL characters); skipped' };
  // CR-only line endings become LF (same length, so offsets and columns stay right).
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  return { ok: true, text, notice };
}

export function readText(path: string, maxBytes: number): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { ok: false, kind: 'limit', message: `file is ${size} bytes, over the ${maxBytes}-byte limit (limits.maxFileBytes); skipped` };
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return decode(buf.subarray(0, off));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, kind: 'read', message: `cannot read: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (code ?? (e as Error).message)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
