import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { canonicalJson, recordDigest } from '../../core/evidence/canonical.js';
import { appendToLedgerFile, appendToLedgerText, verifyLedger } from '../../core/evidence/ledger.js';
import { validateRecord } from '../../core/evidence/validate.js';
import { makeLedger, makeRecord } from './generate.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir, isTTY: false, env: {} });
  return { code, out, err };
}
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const lines = (t: string) => t.trimEnd().split('\n');
const good = makeLedger(6); // 8 records: PR runs before changes 0 and 5

describe('ledger', () => {
  it('chains records: first previous is null, each previous is the digest before; canonical lines', () => {
    const v = verifyLedger(good);
    expect(v.ok).toBe(true);
    expect(v.records).toHaveLength(8);
    expect(v.records[0].previous).toBeNull();
    for (let i = 1; i < 8; i++) expect(v.records[i].previous).toBe(v.records[i - 1].digest);
    for (const [i, l] of lines(good).entries()) {
      expect(canonicalJson(JSON.parse(l))).toBe(l);
      expect(recordDigest(v.records[i])).toBe(v.records[i].digest);
      expect(validateRecord(v.records[i])).toEqual([]);
    }
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson('é"\n')).toBe('"é\\"\\n"');
  });

  it('appends to a file, and verify passes (exit 0)', async () => {
    const p = join(dir, 'file.jsonl');
    const a = appendToLedgerFile(p, makeRecord(1));
    const b = appendToLedgerFile(p, makeRecord(2));
    expect(b.previous).toBe(a.digest);
    const r = await cli(['evidence', 'verify', 'file.jsonl']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 record(s), hash chain, schema and consistency valid');
    // Said, not hidden: a chain alone does not catch a rewrite of the whole ledger.
    expect(r.err).toBe('trustgate evidence: note: without --expect-head, --anchor or an HMAC key, a ledger rewritten and re-sealed as a whole also verifies\n');
  });

  it('one byte changed in one record: names that record', async () => {
    const l = lines(good);
    const at = l[4].indexOf('"author":"') + '"author":"'.length;
    l[4] = l[4].slice(0, at) + 'X' + l[4].slice(at + 1); // one byte: the first letter of the author
    expect(l[4]).not.toBe(lines(good)[4]);
    const v = verifyLedger(l.join('\n') + '\n');
    expect(v.problem).toMatchObject({ line: 5, kind: 'digest' });
    const r = await cli(['evidence', 'verify', write('byte.jsonl', l.join('\n') + '\n')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 5 \(record 5\): contents changed after it was written/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a byte changed in every position of a record is always caught at that record', () => {
    const l = lines(good);
    const target = l[2];
    for (let pos = 0; pos < target.length; pos += 97) {
      const c = target.charCodeAt(pos);
      const changed = target.slice(0, pos) + String.fromCharCode(c === 0x61 ? 0x62 : 0x61) + target.slice(pos + 1);
      if (changed === target) continue;
      const copy = [...l];
      copy[2] = changed;
      const v = verifyLedger(copy.join('\n') + '\n');
      expect(v.ok, `byte ${pos}`).toBe(false);
      expect(v.problem!.line, `byte ${pos}`).toBe(3);
    }
  });

  it('a record removed: the record after the gap is named', async () => {
    const l = lines(good);
    l.splice(3, 1);
    const r = await cli(['evidence', 'verify', write('removed.jsonl', l.join('\n') + '\n')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 4 \(record 4\): chain broken: its previous record \w+… is missing \(a record was removed before line 4\)/);
    expect(r.err).toContain('the 3 record(s) before it verify');
  });

  it('the first record removed', () => {
    const v = verifyLedger(lines(good).slice(1).join('\n') + '\n');
    expect(v.problem).toMatchObject({ line: 1, kind: 'chain' });
    expect(v.problem!.reason).toContain('records before it were removed');
  });

  it('two records swapped: names the first of them as out of order', async () => {
    const l = lines(good);
    [l[2], l[3]] = [l[3], l[2]];
    const r = await cli(['evidence', 'verify', write('swapped.jsonl', l.join('\n') + '\n')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 3 \(record 3\): records out of order: its previous record is at line 4/);
  });

  it('truncated JSON: a clear error with the position, no stack trace', async () => {
    const cut = good.slice(0, good.length - 200);
    const r = await cli(['evidence', 'verify', write('cut.jsonl', cut)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 8 \(record 8\): truncated JSON: the file ends in the middle of this record/);
    expect(r.err).not.toMatch(/\n\s+at |Error:/);
  });

  it('a ledger from a newer schema version: "written by a newer Trustgate (schema v2); upgrade"', async () => {
    const next = JSON.parse(lines(good)[7]);
    const v2 = { ...next, schemaVersion: 2, previous: next.digest, newField: { x: 1 } };
    v2.digest = recordDigest(v2);
    const r = await cli(['evidence', 'verify', write('newer.jsonl', good + canonicalJson(v2) + '\n')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 9 (record 9): written by a newer Trustgate (schema v2); upgrade');
    expect(r.err).not.toMatch(/\n\s+at /);
    const e = await cli(['evidence', 'export', 'newer.jsonl', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'json']);
    expect(e.code).toBe(1);
    expect(e.err).toContain('written by a newer Trustgate (schema v2)');
  });

  it('schema violations and non-records are named', () => {
    const rec = JSON.parse(lines(good)[0]);
    const bad = { ...rec, reviews: [{ ...rec.reviews[0], notCountedBecause: 'friend-of-author' }] };
    bad.digest = recordDigest(bad);
    const v = verifyLedger(canonicalJson(bad) + '\n');
    expect(v.problem).toMatchObject({ line: 1, kind: 'schema' });
    expect(v.problem!.reason).toContain('/reviews/0/notCountedBecause');
    expect(verifyLedger('[1,2]\n').problem).toMatchObject({ line: 1, kind: 'not-a-record' });
    expect(verifyLedger(lines(good)[0] + '\n\n' + lines(good)[1] + '\n').problem).toMatchObject({ line: 2, kind: 'blank-line' });
  });

  it('refuses to append to a broken ledger', () => {
    const l = lines(good);
    l.splice(2, 1);
    expect(() => appendToLedgerText(l.join('\n') + '\n', makeRecord(9))).toThrow(/not valid, not appending: line 3/);
  });

  it('refuses to append a record that does not match the schema: the ledger stays as it was', () => {
    const bad = { ...makeRecord(9), kind: 'push' } as unknown as ReturnType<typeof makeRecord>;
    expect(() => appendToLedgerText(good, bad)).toThrow(/does not match schemas\/evidence-v1\.json: \/kind must be one of "pull_request", "merge"/);
    // The same record, valid, appends (the refusal is about the record, not the ledger).
    expect(verifyLedger(appendToLedgerText(good, makeRecord(9)).text).ok).toBe(true);
  });

  it('usage and unreadable files exit 2 without a stack trace', async () => {
    for (const args of [['evidence'], ['evidence', 'frobnicate', 'x'], ['evidence', 'verify'], ['evidence', 'verify', 'missing.jsonl'], ['evidence', 'export', 'file.jsonl', '--from', '2026-01-01'], ['evidence', 'export', 'file.jsonl', '--from', 'yesterday', '--to', '2026-01-02'], ['evidence', 'export', 'file.jsonl', '--from', '2026-01-01', '--to', '2026-01-02', '--format', 'pdf'], ['evidence', 'verify', '--bogus', 'file.jsonl']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(/^trustgate evidence: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect((await cli(['evidence', 'verify', 'missing.jsonl'])).err).toContain('cannot read missing.jsonl: ENOENT');
  });

  it('an empty ledger is valid', () => {
    expect(verifyLedger('')).toMatchObject({ ok: true, records: [], head: null });
    expect(readFileSync(join(dir, 'file.jsonl'), 'utf8').endsWith('\n')).toBe(true);
  });

  it('export --output and appending never write through a symlink', async () => {
    write('target.txt', 'keep\n');
    write('ok.jsonl', good);
    symlinkSync(join(dir, 'target.txt'), join(dir, 'pack-link.json'));
    const r = await cli(['evidence', 'export', 'ok.jsonl', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'json', '--output', 'pack-link.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refusing to write \S*pack-link\.json: it is a symbolic link/);
    expect(readFileSync(join(dir, 'target.txt'), 'utf8')).toBe('keep\n');
    write('empty-target.jsonl', '');
    symlinkSync(join(dir, 'empty-target.jsonl'), join(dir, 'ledger-link.jsonl'));
    expect(() => appendToLedgerFile(join(dir, 'ledger-link.jsonl'), makeRecord(1))).toThrow(/it is a symbolic link/);
    expect(readFileSync(join(dir, 'empty-target.jsonl'), 'utf8')).toBe('');
  });
});
