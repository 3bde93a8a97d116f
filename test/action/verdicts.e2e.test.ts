// The Action's verdicts per SOC 2 criterion, from the committed bundle run as the runner runs it:
// the job summary shows the same states as the CLI, and fail-on-incomplete is the strict gate.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { makePrRepo, pushEvent, ROOT, runAction } from './harness.js';

const plain = (s: string) => s.replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, '$1');

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
});

// A bucket without logging (fail), a registry module call nothing can read (incomplete), no Kubernetes.
const MAIN = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n\nmodule "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n}\n';

describe('verdicts in the job summary', () => {
  it('fail, incomplete and not evaluated side by side, with resources checked; the unread module call is listed', async () => {
    const repo = makePrRepo({}, { 'infra/main.tf': MAIN });
    gh = await startFakeGitHub();
    const r = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', apiUrl: gh.url, inputs: { 'fail-on': 'none', evidence: false, persona: 'pedantic' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = plain(r.summary);
    expect(s).toContain('| Criterion | | Verdict | Resources checked | Findings (new) | Findings (pre-existing) | Suppressed | Compensated | Indeterminate |');
    expect(s).toMatch(/\| \*\*CC7\.2\*\* \| [^|]+ \| ❌ fail \| 1 \| [1-9]\d* \| 0 \| 0 \| 0 \| 0 \|/);
    // No rule of CC6.3 inspects an S3 bucket, and the module may hold IAM: incomplete, not pass.
    expect(s).toMatch(/\| \*\*CC6\.3\*\* \| [^|]+ \| ⚠️ incomplete \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
    // A1.1 (capacity) is evidenced only by Kubernetes rules here (pedantic resource limits, hence the
    // persona input): nothing applicable was scanned.
    expect(s).toMatch(/\| \*\*A1\.1\*\* \| [^|]+ \| ➖ not evaluated \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
    expect(s).not.toMatch(/✅ pass/);
    expect(s).toMatch(/### Module calls not evaluated \(1\)/);
    expect(s).toMatch(/infra\/main\.tf:5[^\n]*`module\.eks` \(terraform-aws-modules\/eks\/aws\)/);
  });

  it('fail-on-incomplete: incomplete criteria and the unread module call fail the run, and say why', async () => {
    const repo = makePrRepo({}, { 'infra/main.tf': MAIN });
    gh = await startFakeGitHub();
    const r = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', apiUrl: gh.url, inputs: { 'fail-on': 'none', 'fail-on-incomplete': true, evidence: false } });
    expect(r.code).toBe(1);
    expect(r.outputs.result).toBe('fail');
    const last = r.commands.filter((c) => c.command === 'error').at(-1)!;
    expect(last.message).toMatch(/SOC 2 criteria are incomplete \(.*CC6\.3.*\); 1 module call was not evaluated \(fail-on-incomplete\)/);
    expect(plain(r.summary)).toMatch(/\*\*Also failing:\*\*\n\n- \d+ SOC 2 criteria are incomplete/);
  });
});
