// Kubernetes skip annotations: Trustgate's own, Checkov's `checkov.io/skip<N>` and kube-linter's
// `ignore-check.kube-linter.io/<check>`, read from the object's own metadata (where each peer reads them),
// mapped through verified aliases only, under the same reason policy as every other suppression.
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { toSarif } from '../core/report/sarif.js';
import { ruleMeta } from '../core/rule.js';
import type { Finding, ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-k8s-skips-');
const run = (files: Record<string, string>) => {
  const d = tmp(files);
  return scan({ paths: [d], cwd: d, rules: ALL_RULES, today: '2026-06-01' });
};

const PRIV = 'TG-K8S-001';
const HOSTNS = ALL_RULES.find((r) => r.aliases?.includes('host-network'))!.id;
const REASON = 'node agent loads kernel modules, ticket SEC-12';

/** A pod spec (at `indent`) with a privileged container and the host network. */
const podSpec = (indent: string) =>
  [`hostNetwork: true`, `containers:`, `  - name: agent`, `    image: x@sha256:${'0'.repeat(64)}`, `    securityContext: {privileged: true}`].map((l) => indent + l).join('\n');
const pod = (name: string, annotations: string[] = []) =>
  ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, ...(annotations.length ? ['  annotations:', ...annotations.map((a) => `    ${a}`)] : []), 'spec:', podSpec('  '), ''].join('\n');

const of = (r: ScanResult, ruleId: string, name?: string) => r.findings.filter((f) => f.ruleId === ruleId && (!name || f.message.includes(`"${name}"`)));
const one = (r: ScanResult, ruleId: string, name?: string): Finding => {
  const fs = of(r, ruleId, name);
  expect(fs).toHaveLength(1);
  return fs[0];
};

describe('Checkov skip annotations', () => {
  it('checkov.io/skip<N>: CKV_K8S_16=reason suppresses the rule that aliases CKV_K8S_16, and only it', async () => {
    const r = await run({ 'p.yaml': pod('a', [`checkov.io/skip1: CKV_K8S_16=${REASON}`]) });
    const f = one(r, PRIV);
    expect(f.suppressed).toBe(true);
    expect(f.suppression).toMatchObject({ source: 'annotation', reason: REASON, via: 'checkov.io/skip1: CKV_K8S_16', location: { startLine: 6 } });
    expect(one(r, HOSTNS).suppressed).toBe(false);
    expect(r.errors.filter((e) => e.kind === 'suppression')).toEqual([]);
    // Shown as a peer's skip wherever the reason is: SARIF's justification names it.
    const sarif = JSON.parse(toSarif(r, ALL_RULES.map(ruleMeta), '/'));
    const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === PRIV);
    expect(res.suppressions[0].justification).toBe(`${REASON} (checkov.io/skip1: CKV_K8S_16)`);
  });

  it('several skips, a quoted value, the bridgecrew.io prefix and a lower-case id', async () => {
    const r = await run({ 'p.yaml': pod('a', [`checkov.io/skip1: "CKV_K8S_19=${REASON}"`, `bridgecrew.io/skip2: ckv_k8s_16=${REASON}`]) });
    expect(one(r, PRIV).suppressed).toBe(true);
    expect(one(r, HOSTNS).suppression).toMatchObject({ via: 'checkov.io/skip1: CKV_K8S_19' });
    expect(one(r, HOSTNS).suppressed).toBe(true);
  });

  it('without =reason (Checkov records "No comment provided") or with a placeholder, nothing is suppressed and the annotation is reported', async () => {
    const r = await run({ 'p.yaml': pod('a', ['checkov.io/skip1: CKV_K8S_16', 'checkov.io/skip2: CKV_K8S_19=ok']) });
    expect(one(r, PRIV).suppressed).toBe(false);
    expect(one(r, HOSTNS).suppressed).toBe(false);
    const errs = r.errors.filter((e) => e.kind === 'suppression');
    expect(errs.map((e) => [e.line, e.message])).toEqual([
      [6, expect.stringMatching(/^checkov\.io\/skip1: CKV_K8S_16 \(TG-K8S-001\) has no reason \(checkov\.io\/skip1: CKV_K8S_16=reason\); .*does not suppress anything$/)],
      [7, expect.stringMatching(/^checkov\.io\/skip2: CKV_K8S_19 \(TG-K8S-\d+\) has a placeholder reason/)],
    ]);
  });

  it('an id no Trustgate rule aliases, or another peer\'s id, is said in a notice and suppresses nothing', async () => {
    const r = await run({ 'p.yaml': pod('a', [`checkov.io/skip1: CKV_K8S_8=${REASON}`, `checkov.io/skip2: privileged-container=${REASON}`]) });
    expect(one(r, PRIV).suppressed).toBe(false);
    const notes = r.errors.filter((e) => e.kind === 'notice').map((e) => [e.line, e.message]);
    expect(notes).toContainEqual([6, 'checkov.io/skip1 names Checkov check CKV_K8S_8, which no Trustgate rule is verified to match; it suppresses nothing here']);
    expect(notes).toContainEqual([7, expect.stringContaining('Checkov check privileged-container, which no Trustgate rule')]);
  });
});

describe('kube-linter ignore-check annotations', () => {
  it('ignore-check.kube-linter.io/<check>: "reason" suppresses the rule aliasing that check', async () => {
    const r = await run({ 'p.yaml': pod('a', [`ignore-check.kube-linter.io/privileged-container: "${REASON}"`]) });
    expect(one(r, PRIV)).toMatchObject({ suppressed: true, suppression: { source: 'annotation', reason: REASON, via: 'ignore-check.kube-linter.io/privileged-container' } });
    expect(one(r, HOSTNS).suppressed).toBe(false);
  });

  it('an empty value is no reason; an unknown check or a Checkov id under the kube-linter key is a notice', async () => {
    const r = await run({ 'p.yaml': pod('a', ['ignore-check.kube-linter.io/privileged-container: ""', `ignore-check.kube-linter.io/no-liveness-probe: "${REASON}"`, `ignore-check.kube-linter.io/CKV_K8S_19: "${REASON}"`]) });
    expect(one(r, PRIV).suppressed).toBe(false);
    expect(one(r, HOSTNS).suppressed).toBe(false);
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', line: 6, message: expect.stringMatching(/privileged-container \(TG-K8S-001\) has no reason/) }));
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'notice', line: 7, message: expect.stringContaining('kube-linter check "no-liveness-probe", which no Trustgate rule is verified to match') }));
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'notice', line: 8 }));
  });

  it('kube-linter.io/ignore-all is a blanket ignore: reported, never honoured', async () => {
    const r = await run({ 'p.yaml': pod('a', [`kube-linter.io/ignore-all: "${REASON}"`]) });
    expect(r.findings.filter((f) => f.suppressed)).toEqual([]);
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', line: 6, message: expect.stringContaining('blanket ignore, which Trustgate does not honour') }));
  });
});

describe('where the annotation is', () => {
  const deployment = (objAnn: string[], tplAnn: string[]) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      ...(objAnn.length ? ['  annotations:', ...objAnn.map((a) => `    ${a}`)] : []),
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata:',
      '      labels: {app: web}',
      ...(tplAnn.length ? ['      annotations:', ...tplAnn.map((a) => `        ${a}`)] : []),
      '    spec:',
      podSpec('      '),
      '',
    ].join('\n');

  it("on a Deployment's own metadata it covers the pod template's containers", async () => {
    const r = await run({ 'd.yaml': deployment([`checkov.io/skip1: CKV_K8S_16=${REASON}`, `ignore-check.kube-linter.io/host-network: "${REASON}"`], []) });
    expect(one(r, PRIV).suppressed).toBe(true);
    expect(one(r, HOSTNS).suppressed).toBe(true);
  });

  it('on the pod template, where neither Checkov nor kube-linter reads it, it is reported and suppresses nothing', async () => {
    const r = await run({ 'd.yaml': deployment([], [`checkov.io/skip1: CKV_K8S_16=${REASON}`, `trustgate.io/ignore: '${HOSTNS} reason="${REASON}"'`]) });
    expect(one(r, PRIV).suppressed).toBe(false);
    expect(one(r, HOSTNS).suppressed).toBe(false);
    const errs = r.errors.filter((e) => e.kind === 'suppression');
    expect(errs.map((e) => e.line)).toEqual([11, 12]);
    expect(errs[0].message).toMatch(/^checkov\.io\/skip1 is on the pod template of Deployment "web".*move it to the Deployment's own metadata\.annotations/);
  });

  it("a CronJob: its own annotation covers the job's pods; one on the jobTemplate or its pod template is reported", async () => {
    const cron = (top: string[], job: string[], tpl: string[]) =>
      [
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        '  name: nightly',
        ...(top.length ? ['  annotations:', ...top.map((a) => `    ${a}`)] : []),
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        ...(job.length ? ['    metadata:', '      annotations:', ...job.map((a) => `        ${a}`)] : []),
        '    spec:',
        '      template:',
        ...(tpl.length ? ['        metadata:', '          annotations:', ...tpl.map((a) => `            ${a}`)] : []),
        '        spec:',
        '          restartPolicy: Never',
        podSpec('          '),
        '',
      ].join('\n');
    const good = await run({ 'c.yaml': cron([`checkov.io/skip1: CKV_K8S_16=${REASON}`], [], []) });
    expect(one(good, PRIV).suppressed).toBe(true);
    const bad = await run({ 'c.yaml': cron([], [`checkov.io/skip1: CKV_K8S_16=${REASON}`], [`ignore-check.kube-linter.io/privileged-container: "${REASON}"`]) });
    expect(one(bad, PRIV).suppressed).toBe(false);
    expect(bad.errors.filter((e) => e.kind === 'suppression').map((e) => [e.line, /pod template of CronJob "nightly"/.test(e.message)])).toEqual([
      [10, true],
      [15, true],
    ]);
  });

  /** A `kind: List` of pods; each item's `metadata` lines as written (after `metadata:`). */
  const list = (items: string[][]) =>
    ['apiVersion: v1', 'kind: List', 'items:', ...items.flatMap((md) => ['  - apiVersion: v1', '    kind: Pod', '    metadata:', ...md.map((l) => `      ${l}`), '    spec:', podSpec('      ')]), ''].join('\n');

  it('multi-document files and List items: each object only by its own annotations', async () => {
    const multi = await run({ 'm.yaml': `${pod('a', [`checkov.io/skip1: CKV_K8S_16=${REASON}`])}---\n${pod('b')}` });
    expect(one(multi, PRIV, 'a').suppressed).toBe(true);
    expect(one(multi, PRIV, 'b').suppressed).toBe(false);
    const r = await run({ 'l.yaml': list([['name: a', 'annotations:', `  ignore-check.kube-linter.io/privileged-container: "${REASON}"`], ['name: b']]) });
    expect(one(r, PRIV, 'a').suppressed).toBe(true);
    expect(one(r, PRIV, 'b').suppressed).toBe(false);
  });

  it('annotations shared through a YAML anchor apply to each object that uses them', async () => {
    const r = await run({ 'l.yaml': list([['name: a', `annotations: &skips {checkov.io/skip1: "CKV_K8S_16=${REASON}"}`], ['name: b', 'annotations: *skips'], ['name: c']]) });
    expect(one(r, PRIV, 'a').suppressed).toBe(true);
    expect(one(r, PRIV, 'b').suppressed).toBe(true);
    // Where the skip is written: at the anchor.
    expect(one(r, PRIV, 'b').suppression!.location!.startLine).toBe(8);
    expect(one(r, PRIV, 'c').suppressed).toBe(false);
  });
});
