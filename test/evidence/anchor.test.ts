// Issue 16 §4: a ledger rewritten as a whole (every record edited and re-sealed, so the chain checks
// out) is caught by the published head (--expect-head), by published digests (--anchor), and by the
// HMAC signatures; a record whose fields contradict each other is named by its line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { canonicalJson, recordDigest } from '../../core/evidence/canonical.js';
import { ledgerLine, verifyLedger } from '../../core/evidence/ledger.js';
import { seal } from '../../core/evidence/record.js';
import type { EvidenceRecord } from '../../core/evidence/types.js';
import { makeLedger } from './generate.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-anchor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir, isTTY: false, env });
  return { code, out, err };
}
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const records = (text: string) => text.trimEnd().split('\n').map((l) => JSON.parse(l) as EvidenceRecord);

/** What an attacker with push access to the ledger branch does: edit, then re-seal every record in order. */
function rewrite(text: string, edit: (r: EvidenceRecord, i: number) => void, keepSignature = false): string {
  let prev: string | null = null;
  return (
    records(text)
      .map((r, i) => {
        edit(r, i);
        const { digest: _d, signature, ...rest } = r;
        void _d;
        const body = { ...rest, previous: prev, ...(keepSignature && signature ? { signature } : {}) };
        const sealed = { ...body, digest: recordDigest(body) } as EvidenceRecord;
        prev = sealed.digest;
        return ledgerLine(sealed);
      })
      .join('\n') + '\n'
  );
}

const KEY = 'k3y-from-a-secret-0123456789';
const genuine = makeLedger(6);
const genuineHead = records(genuine).at(-1)!.digest;
// The forger changes what record 4 says and re-seals it and every record after it: the chain verifies.
const forged = rewrite(genuine, (r, i) => {
  if (i === 3) r.pullRequest!.title = 'Change 2: enable bucket logging (OPS-302), as reviewed';
});

describe('anchoring the ledger', () => {
  it('a wholesale re-sealed ledger passes the chain check alone (the hole), and fails --expect-head', async () => {
    expect(verifyLedger(forged).ok).toBe(true);
    write('forged.jsonl', forged);
    write('genuine.jsonl', genuine);
    const bad = await cli(['evidence', 'verify', 'forged.jsonl', '--expect-head', genuineHead]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/forged\.jsonl is NOT valid: line 8 \(record 8\): no record has the expected head digest [0-9a-f]{12}… \(the head is [0-9a-f]{12}…\): records were rewritten and re-sealed, or cut off the end/);
    const ok = await cli(['evidence', 'verify', 'genuine.jsonl', '--expect-head', genuineHead]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/8 record\(s\), hash chain, schema and consistency valid; head as expected; head sha256:/);
    expect(ok.err).toBe('');
  });

  it('records appended after the published head, and records cut off the end, fail --expect-head', async () => {
    const lines = genuine.trimEnd().split('\n');
    const cut = write('cut.jsonl', lines.slice(0, 6).join('\n') + '\n');
    const r = await cli(['evidence', 'verify', cut, '--expect-head', genuineHead]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 6 \(record 6\): no record has the expected head digest/);
    const earlier = records(genuine)[5].digest;
    const r2 = await cli(['evidence', 'verify', 'genuine.jsonl', '--expect-head', earlier]);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/the expected head [0-9a-f]{12}… is line 6, but 2 record\(s\) follow it/);
  });

  it('--anchor FILE: every published digest (e.g. commit-status descriptions) must be a record of the ledger', async () => {
    const published = records(genuine).filter((r) => r.kind === 'merge').map((r) => ({ context: 'trustgate/evidence-ledger', description: `ledger head ${r.digest}` }));
    write('statuses.json', JSON.stringify(published, null, 2));
    expect((await cli(['evidence', 'verify', 'genuine.jsonl', '--anchor', 'statuses.json'])).code).toBe(0);
    const r = await cli(['evidence', 'verify', 'forged.jsonl', '--anchor', 'statuses.json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 8 \(record 8\): the published digest [0-9a-f]{12}… is not in the ledger: records up to it were rewritten and re-sealed, or removed/);
    write('empty.txt', 'nothing here\n');
    expect((await cli(['evidence', 'verify', 'genuine.jsonl', '--anchor', 'empty.txt'])).code).toBe(2);
    expect((await cli(['evidence', 'verify', 'genuine.jsonl', '--expect-head', 'abc'])).code).toBe(2);
  });
});

describe('HMAC-signed ledgers', () => {
  const signed = makeLedger(6, () => ({}), KEY);

  it('every record carries a signature; verify with the key (env or file) passes; the key is never printed', async () => {
    expect(records(signed).every((r) => /^hmac-sha256:[0-9a-f]{64}$/.test(r.signature ?? ''))).toBe(true);
    write('signed.jsonl', signed);
    const viaEnv = await cli(['evidence', 'verify', 'signed.jsonl'], { TRUSTGATE_EVIDENCE_HMAC_KEY: KEY });
    expect(viaEnv.code, viaEnv.err).toBe(0);
    expect(viaEnv.out).toMatch(/8 signature\(s\) valid/);
    write('key.txt', KEY + '\n');
    const viaFile = await cli(['evidence', 'verify', 'signed.jsonl', '--hmac-key-file', 'key.txt']);
    expect(viaFile.code).toBe(0);
    expect(viaEnv.out + viaEnv.err + viaFile.out + viaFile.err).not.toContain(KEY);
    // Without a key it is a plain chain; the signatures are said to be unchecked.
    expect((await cli(['evidence', 'verify', 'signed.jsonl'])).out).toMatch(/signatures not checked \(no key\)/);
  });

  it('a record edited and re-sealed without the key: its signature fails, named by line', async () => {
    write('resealed.jsonl', rewrite(signed, (r, i) => i === 4 && (r.pullRequest!.title = 'edited'), true));
    const r = await cli(['evidence', 'verify', 'resealed.jsonl'], { TRUSTGATE_EVIDENCE_HMAC_KEY: KEY });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 5 \(record 5\): signature does not match the HMAC key/);
  });

  it('signatures stripped from the whole ledger: the last record is unsigned', async () => {
    write('stripped.jsonl', rewrite(signed, () => {}, false));
    const r = await cli(['evidence', 'verify', 'stripped.jsonl'], { TRUSTGATE_EVIDENCE_HMAC_KEY: KEY });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 8 \(record 8\): the last record is not signed with the HMAC key/);
  });

  it('an unsigned record appended after signed ones, and the wrong key, are caught', async () => {
    const recs = records(signed);
    const extra = seal({ ...recs[7], digest: undefined } as unknown as EvidenceRecord, recs[7].digest);
    write('appended.jsonl', signed + ledgerLine(extra) + '\n');
    const r = await cli(['evidence', 'verify', 'appended.jsonl'], { TRUSTGATE_EVIDENCE_HMAC_KEY: KEY });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 9 \(record 9\): not signed, although the records before it are/);
    const wrong = await cli(['evidence', 'verify', 'signed.jsonl'], { TRUSTGATE_EVIDENCE_HMAC_KEY: 'another key' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/line 1 \(record 1\): signature does not match the HMAC key/);
  });
});

describe('internal consistency', () => {
  const edit = (f: (r: EvidenceRecord) => void) => rewrite(genuine, (r, i) => i === 2 && f(r));
  it.each([
    ['an approval that does not count listed as an approver', (r: EvidenceRecord) => r.approvers.push('mallory'), /approvers \[frank, mallory\] are not the reviews that count \[frank\]/],
    ['a review marked as counting without being an approval', (r: EvidenceRecord) => Object.assign(r.reviews[0], { state: 'COMMENTED' }), /reviews\[0\] \(frank\) counts as an approval but its state is COMMENTED/],
    ['the author approving their own change made to count', (r: EvidenceRecord) => Object.assign(r.reviews[0], { reviewer: r.author }) && (r.approvers = [r.author!]), /counts as an approval but is by the pull request's author/],
    ['an approval on an older commit made to count', (r: EvidenceRecord) => Object.assign(r.reviews[0], { commitId: 'f'.repeat(40) }), /was given on ffffffffffff, not the head commit/],
    ['an exception removed', (r: EvidenceRecord) => (r.exceptions = []) && (r.checks.passed = null), /exception "checks-unavailable" is missing although the record's fields imply it/],
    ['an exception without its cause', (r: EvidenceRecord) => r.exceptions.push('failing-checks'), /exception "failing-checks" is listed but the record's fields do not imply it/],
    ['independentApproval flipped', (r: EvidenceRecord) => (r.independentApproval = false), /independentApproval is false with 1 approver\(s\)/],
    ['a stricter review count pasted into the protection snapshot', (r: EvidenceRecord) => (r.protection!.requiredApprovingReviews = 3), /protection\.requiredApprovingReviews is 3 but its sources require 2/],
    ['classic protection made to look unreadable', (r: EvidenceRecord) => (r.protection!.classic = { unavailable: 'edited' }), /protection\.requiredApprovingReviews is 2 but its sources require 1/],
    [
      'a required check dropped from what the record judged',
      (r: EvidenceRecord) => (r.checks.required = (r.checks.required as { name: string; result: 'success' }[]).filter((c) => c.name !== 'ci/test')),
      /checks\.required \[trustgate\] are not the required checks of the protection in force \[ci\/test, trustgate\]/,
    ],
  ])('%s: the line is named', async (_name, f, msg) => {
    write('inconsistent.jsonl', edit(f));
    const r = await cli(['evidence', 'verify', 'inconsistent.jsonl']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NOT valid: line 3 \(record 3\): inconsistent record: /);
    expect(r.err).toMatch(msg);
  });

  it('records written before signatures existed (schema v1, no signature) still verify', () => {
    const v = verifyLedger(genuine);
    expect(v.ok).toBe(true);
    expect(records(genuine).every((r) => r.signature === undefined && canonicalJson(r).includes('"schemaVersion":1'))).toBe(true);
  });
});
