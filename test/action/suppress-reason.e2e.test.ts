// The bundled Action on a commit whose suppression only carries a placeholder reason: the finding is
// not suppressed (annotated, gating) and the job summary lists the comment with its line and why.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { makePrRepo, pushEvent, runAction } from './harness.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const plain = (s: string) => s.replace(/\\([\\`*_{}[\]()#+\-.!|~"])/g, '$1');

describe('Action: a suppression without a real reason', () => {
  it('does not suppress; the summary says where and why', async () => {
    const tf = '# trustgate:ignore TG-AWS-001 reason="why this is acceptable"\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';
    const repo = makePrRepo({}, { 'infra/main.tf': tf });
    gh = await startFakeGitHub();
    const r = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', sha: repo.headSha, apiUrl: gh.url, inputs: { 'fail-on': 'medium', 'check-run': false, evidence: false } });
    expect(r.code).toBe(1);
    const ann = r.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command) && c.props.file === 'infra/main.tf' && c.props.title?.startsWith('TG-AWS-001 '));
    expect(ann).toHaveLength(1);
    expect(plain(r.summary)).toContain('infra/main.tf:1');
    expect(plain(r.summary)).toContain('trustgate:ignore has a placeholder reason ("why this is acceptable"); write why the finding is acceptable; it does not suppress anything');
  });
});
