// The bundled Action with registry modules: `download-modules` defaults to true on GitHub-hosted
// runners (RUNNER_ENVIRONMENT=github-hosted) and the finding inside the downloaded module is annotated
// on the caller's line; elsewhere nothing is downloaded unless asked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../modules/fixtures.js';
import { registry, tarGz, type TestServer } from '../modules/servers.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { makePrRepo, pushEvent, runAction } from './harness.js';

let reg: TestServer;
let gh: FakeGitHub;
let work: string;
const CALL = 'module "kms" {\n  source  = "terraform-aws-modules/kms/aws"\n  version = "~> 2.0"\n\n  enable_key_rotation = false\n}\n';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tg-action-mod-'));
  reg = await registry({ 'terraform-aws-modules/kms/aws': { versions: ['2.1.0'], get: (_v, base) => `${base}/kms.tar.gz` } }, { '/kms.tar.gz': tarGz(join(FIXTURES, 'kms')) });
  writeFileSync(join(work, 'rc'), `host "registry.terraform.io" {\n  services = { "modules.v1" = "${reg.url}/v1/modules/" }\n}\n`);
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await Promise.all([reg?.close(), gh?.close()]);
  rmSync(work, { recursive: true, force: true });
});

describe('download-modules', () => {
  const run = (runnerEnv: string, cache: string, inputs: Record<string, string> = {}) => {
    const repo = makePrRepo({}, { 'infra/main.tf': CALL });
    return runAction({
      workspace: repo.dir,
      event: pushEvent(repo.headSha),
      eventName: 'push',
      sha: repo.headSha,
      apiUrl: gh.url,
      inputs: { 'check-run': false, evidence: false, ...inputs },
      env: { RUNNER_ENVIRONMENT: runnerEnv, TF_CLI_CONFIG_FILE: join(work, 'rc'), TRUSTGATE_CACHE_DIR: join(work, cache) },
    });
  };

  it('on a GitHub-hosted runner: downloaded by default, the finding annotated on the caller line', async () => {
    const r = await run('github-hosted', 'cache-hosted');
    const a = r.commands.filter((c) => c.props.title?.startsWith('TG-AWS-016 '));
    expect(a.map((c) => [c.props.file, c.props.line])).toEqual([['infra/main.tf', '5']]);
    expect(a[0].message).toMatch(/module\.kms \(terraform-aws-modules\/kms\/aws 2\.1\.0\) -> aws_kms_key\.this/);
    expect(reg.seen.some((s) => s.path === '/kms.tar.gz')).toBe(true);
  });

  it('on a self-hosted runner: nothing is downloaded unless the input says so', async () => {
    const before = reg.seen.length;
    const r = await run('self-hosted', 'cache-self');
    expect(r.commands.filter((c) => c.props.title?.startsWith('TG-AWS-016 '))).toEqual([]);
    expect(reg.seen.length).toBe(before);
    const on = await run('self-hosted', 'cache-self', { 'download-modules': 'true' });
    expect(on.commands.filter((c) => c.props.title?.startsWith('TG-AWS-016 '))).toHaveLength(1);
  });
});
