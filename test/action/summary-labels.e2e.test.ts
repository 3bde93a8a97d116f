// The job summary and the sticky comment of the committed bundle, run as the runner runs it against
// the GitHub API on 127.0.0.1, as a reviewer reads them (GFM rendered with micromark, then the visible
// text): findings of rules newer than the audit pin (`audit.ruleset`) are labelled "new rule" and do
// not fail; findings satisfied by a compensating control are labelled "compensated by <path>"; both
// are told apart from the findings the gate counts, in the new-findings list and in the counts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyvernoNoPrivileged, privilegedPod } from '../compensation-fixtures.js';
import { renderGfm, tableRows, visibleText } from '../markdown-render.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { makePrRepo, prEvent, ROOT, runAction, type PrRepo, type RunResult } from './harness.js';

// TG-AWS-059 (IAM access keys) came with 0.2.0: under a pin at 0.1.0 it runs in shadow mode.
const KEY = 'resource "aws_iam_access_key" "ci" {\n  user = "ci"\n}\n';
// TG-AWS-004 (public ACL) is a 0.1.0 rule: it fails the gate.
const ACL = 'resource "aws_s3_bucket_acl" "b" {\n  bucket = "b"\n  acl    = "public-read"\n}\n';
const POD = privilegedPod('# trustgate:compensated TG-K8S-001 by="policies/kyverno/no-privileged.yaml"');
const KYVERNO = kyvernoNoPrivileged();
// Every pod's namespace has a NetworkPolicy, so the pod yields only the finding under test.
const NETPOL = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: default\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const N = 44;

let gh: FakeGitHub;
let repo: PrRepo;
let r: RunResult;
beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
  const base = { '.trustgate.yml': 'audit:\n  ruleset: 0.1.0\n', 'policies/kyverno/no-privileged.yaml': KYVERNO, 'k8s/netpol.yaml': NETPOL };
  repo = makePrRepo(base, { 'iam.tf': KEY, 's3.tf': ACL, 'k8s/pod.yaml': POD });
  gh = await startFakeGitHub({ prFiles: repo.prFiles });
  r = await runAction({ workspace: repo.dir, event: prEvent(N, repo), apiUrl: gh.url, inputs: { evidence: false } });
}, 120_000);
afterAll(async () => gh?.close());

describe('job summary: new-rule and compensated findings told apart', () => {
  it('fails on the 0.1.0 rule only; the shadow and the compensated findings are listed with their labels', () => {
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const text = visibleText(r.summary);
    expect(text).toMatch(/❌ Trustgate SOC 2 scan: fail\n1 new finding at or above high\./);
    expect(text).toContain('New findings (3)\n1 counted by the gate; 1 from a rule newer than the audit pin (new rule: shadow mode, reported, not failing); 1 compensated by a control elsewhere in the repository (not failing).');
    const items = [...renderGfm(r.summary).matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => visibleText(m[1]).split('\n')[0]);
    const at = (rule: string) => items.filter((i) => i.includes(rule));
    // In the order a reviewer should act: what the gate counts, then shadow, then compensated.
    expect(items.findIndex((i) => i.includes('TG-AWS-004'))).toBeLessThan(items.findIndex((i) => i.includes('TG-AWS-059')));
    expect(items.findIndex((i) => i.includes('TG-AWS-059'))).toBeLessThan(items.findIndex((i) => i.includes('TG-K8S-001')));
    expect(at('TG-AWS-004')).toEqual([expect.not.stringMatching(/new rule|compensated/)]);
    expect(at('TG-AWS-059')).toEqual([expect.stringMatching(/· iam\.tf:1 · TG-AWS-059 · .* · new rule \(shadow: not failing\)$/)]);
    expect(at('TG-K8S-001')).toEqual([expect.stringMatching(/· k8s\/pod\.yaml:\d+ · TG-K8S-001 · .* · compensated by policies\/kyverno\/no-privileged\.yaml \(verified; not failing\)$/)]);
  });

  it('counts them in rows of their own, and lists the compensating control apart from suppressions', () => {
    const rows = tableRows(renderGfm(r.summary));
    const total = (name: string) => rows.find((x) => x[0] === name)?.at(-1);
    expect(total('New')).toBe('1');
    expect(total('New rule (shadow: not failing)')).toBe('1');
    expect(total('Compensated (not failing)')).toBe('1');
    expect(total('Suppressed')).toBe('0');
    const text = visibleText(r.summary);
    expect(text).toContain('Compensating controls (1)');
    expect(rows.find((x) => x[0] === 'TG-K8S-001' && x.length === 4)?.slice(2)).toEqual(['policies/kyverno/no-privileged.yaml', expect.stringMatching(/^verified: policies\/kyverno\/no-privileged\.yaml: Kyverno ClusterPolicy "disallow-privileged-containers" rule "privileged-containers" enforces privileged$/)]);
    expect(text).not.toMatch(/Suppressions \(/);
    // Per criterion too: TG-K8S-001 cites CC6.8; its finding is compensated, not suppressed.
    const head = rows.find((x) => x[0] === 'Criterion')!;
    const cc68 = rows.find((x) => x[0] === 'CC6.8')!;
    expect([cc68[head.indexOf('Suppressed')], cc68[head.indexOf('Compensated')]]).toEqual(['0', '1']);
  });

  it('the sticky comment carries the same labels', () => {
    const comment = gh.comments.at(-1)?.body ?? '';
    const text = visibleText(comment);
    expect(text).toContain('New findings (3)');
    expect(text).toMatch(/TG-AWS-059 · .* · new rule \(shadow: not failing\)/);
    expect(text).toMatch(/TG-K8S-001 · .* · compensated by policies\/kyverno\/no-privileged\.yaml/);
  });
});
