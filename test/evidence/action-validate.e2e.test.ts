// Issue 13: the bundled Action checks each evidence record against schemas/evidence-v1.json before it
// writes it. A field the API leaves out (pull_request.state) is filled from the event or recorded as
// unknown (null); a record that still does not match is refused: no file, no ledger line, an error
// with the JSON path, and a failed job.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../../core/evidence/validate.js';
import { ROOT, runAction } from '../action/harness.js';
import { startFakeGitHub, type FakeGitHub } from '../action/fake-github.js';
import { makeRepo, prState, type Repo } from './helpers.js';

let repo: Repo;
let gh: FakeGitHub | undefined;
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
  repo = makeRepo();
  return () => repo.cleanup();
});
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const repository = { id: 1, name: 'infra', full_name: 'acme/infra', private: false, owner: { login: 'acme', name: 'acme' }, html_url: 'https://github.com/acme/infra', default_branch: 'main' };
const inputs = { 'evidence-branch': 'trustgate-evidence', comment: false, 'check-run': false, 'fail-on': 'none' };

/** The PR as the API serves it, changed by `edit`; the event payload's pull_request with `state` when given. */
async function run(edit: (pull: Record<string, unknown>) => void, eventState?: string) {
  const st = prState(repo);
  edit(st.pulls![7]);
  gh = await startFakeGitHub(st);
  const pr = st.pulls![7] as { head: { ref: string; sha: string }; base: { ref: string; sha: string } };
  const pull_request = { number: 7, ...(eventState ? { state: eventState } : {}), head: { ...pr.head, repo: { full_name: 'acme/infra' } }, base: { ...pr.base, repo: { full_name: 'acme/infra' } } };
  return runAction({ workspace: repo.dir, event: { action: 'synchronize', number: 7, pull_request, repository }, apiUrl: gh.url, inputs });
}

describe('the Action validates each evidence record before writing it', () => {
  it('neither the API nor the payload gives pull_request.state: a schema-valid record with state null (unknown)', async () => {
    const r = await run((p) => delete p.state);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rec = JSON.parse(readFileSync(r.outputs['evidence-file'], 'utf8'));
    expect(validateRecord(rec)).toEqual([]);
    expect(rec.pullRequest).toMatchObject({ number: 7, state: null });
    expect(gh!.state.files['trustgate-evidence']['ledger.jsonl'].trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('the API lacks the state, the event payload has it: the payload fills it', async () => {
    const r = await run((p) => delete p.state, 'open');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rec = JSON.parse(readFileSync(r.outputs['evidence-file'], 'utf8'));
    expect(validateRecord(rec)).toEqual([]);
    expect(rec.pullRequest.state).toBe('open');
  }, 60_000);

  it('a record that cannot match the schema is refused: ::error with the JSON path, no file, no ledger line, failed job', async () => {
    // Data the record copies as it is and the schema constrains: a creation time that is not a date-time.
    const r = await run((p) => (p.created_at = 'yesterday'));
    expect(r.code).toBe(1);
    const err = r.commands.find((c) => c.command === 'error' && c.props.title === 'Trustgate evidence: invalid record');
    expect(err?.message).toMatch(/does not match schemas\/evidence-v1\.json, so it was not written \(no file, no ledger line\): \/pullRequest\/createdAt does not match/);
    expect(r.outputs['evidence-file']).toBeUndefined();
    expect(existsSync(join(r.runnerTemp, 'trustgate-evidence'))).toBe(false);
    expect(gh!.state.files['trustgate-evidence']?.['ledger.jsonl']).toBeUndefined();
    expect(gh!.requests.some((q) => q.method === 'PUT' && q.path.includes('/contents/'))).toBe(false);
    const failed = r.commands.find((c) => c.command === 'error' && c.message.startsWith('Trustgate:'));
    expect(failed?.message).toContain('the change-evidence record is invalid at /pullRequest/createdAt, /timestamps/prCreatedAt and was not written');
    expect(r.summary.replace(/\\(.)/g, '$1')).toContain('the change-evidence record is invalid at /pullRequest/createdAt, /timestamps/prCreatedAt and was not written');
  }, 60_000);
});
