/// <reference types="mocha" />
// Runs inside a real VS Code (code-server's Node extension host here; Electron VS Code elsewhere).
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';

// The runner copies the fixture workspace to a scratch folder (TRUSTGATE_TEST_WORKSPACE), so a test can
// never change the committed fixtures.
const WS = process.env.TRUSTGATE_TEST_WORKSPACE || resolve(__dirname, '../../test/workspace');
const uri = (rel: string) => vscode.Uri.file(join(WS, rel));

async function waitFor<T>(what: string, fn: () => T | undefined | false | null, ms = 25_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

const tg = (u: vscode.Uri) => vscode.languages.getDiagnostics(u).filter((d) => d.source === 'Trustgate');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const withCode = (u: vscode.Uri, code: string) => tg(u).filter((d) => codeOf(d) === code);
const nonEmpty = <T>(a: T[]) => (a.length ? a : undefined);
const rng = (r: vscode.Range) => [r.start.line, r.start.character, r.end.line, r.end.character];

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri(rel));
  return vscode.window.showTextDocument(doc);
}

/**
 * Revert a buffer to its file. The command acts on the active editor, which under load may not yet be
 * the one just shown (the workbench runs in another process): check the buffer, and retry until clean.
 */
async function revert(rel: string): Promise<void> {
  await revertDoc(await vscode.workspace.openTextDocument(uri(rel)));
}

async function revertDoc(doc: vscode.TextDocument): Promise<void> {
  for (let i = 0; i < 10 && doc.isDirty; i++) {
    await vscode.window.showTextDocument(doc);
    if (vscode.window.activeTextEditor?.document === doc) await vscode.commands.executeCommand('workbench.action.files.revert');
    const end = Date.now() + 1000;
    while (doc.isDirty && Date.now() < end) await new Promise((r) => setTimeout(r, 40));
  }
  assert.equal(doc.isDirty, false, `${doc.uri.fsPath} reverted`);
}

/**
 * The code action with this title. Rewrites are offered only once the diagnostics match the buffer's
 * version (a revert just before bumps it), so ask again until it is there.
 */
async function actionTitled(u: vscode.Uri, range: vscode.Range, title: string): Promise<vscode.CodeAction & { edit: vscode.WorkspaceEdit }> {
  let titles: string[] = [];
  const end = Date.now() + 15_000;
  for (;;) {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', u, range);
    const a = actions.find((x) => x.title === title);
    if (a?.edit) return a as vscode.CodeAction & { edit: vscode.WorkspaceEdit };
    titles = actions.map((x) => x.title);
    if (Date.now() > end) assert.fail(`no code action "${title}"; offered: ${titles.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function replace(rel: string, from: string, to: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri(rel));
  const i = doc.getText().indexOf(from);
  assert.ok(i >= 0, `${from} in ${rel}`);
  const we = new vscode.WorkspaceEdit();
  we.replace(doc.uri, new vscode.Range(doc.positionAt(i), doc.positionAt(i + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(we));
}

interface Api {
  activationMs: number;
  statusText(): string;
  idle(): Promise<void>;
  autoScan(): Promise<boolean>;
  findingsTree(): { groupBy: string; groups: { key: string; label: string; description: string; findings: number }[] };
  lastWorkspaceScan(): { summary: { filesScanned: number }; findings: { suppressed: boolean; severity: string }[] } | undefined;
}

interface WorkspaceScan {
  findings: number;
  files: number;
  counts: { files: number; findings: number; bySeverity: Record<string, number>; errors: number };
  message: string;
}

suite('Trustgate in a real VS Code', () => {
  let api: Api;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<Api>('trustgate.trustgate');
    assert.ok(ext, 'extension is installed');
    api = await ext.activate();
    // Edits must stay unsaved until a test reverts them (extension/scripts/run-vscode-tests.mjs).
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
    console.log(`[trustgate-test] VS Code ${vscode.version}, Node ${process.versions.node}, activation ${api.activationMs.toFixed(1)} ms`);
  });

  teardown(async () => {
    // Revert anything a failed test left dirty (closing a dirty editor would ask to save).
    for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && x.uri.scheme === 'file')) await revertDoc(d);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Terraform: module folder evaluated with terraform.tfvars (variables resolve)', async () => {
    await open('infra/main.tf');
    const u = uri('infra/main.tf');
    const [d] = await waitFor('TG-AWS-001 on main.tf', () => nonEmpty(withCode(u, 'TG-AWS-001')));
    // Only bucket "data" (line 1) lacks logging; the logging resource names var.logged_bucket = "some-other-bucket".
    assert.equal(withCode(u, 'TG-AWS-001').length, 1);
    assert.deepEqual(rng(d.range), [0, 0, 0, 31]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'Trustgate');
    assert.match(d.message, /^S3 bucket "data" has no access logging.*\(SOC 2 CC7\.2, CC4\.1\)$/);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'TG-AWS-001');
    assert.equal(code.target.toString(true), 'https://github.com/trustgate-dev/trustgate/blob/main/docs/rules/TG-AWS-001.md');
  });

  test('Terraform: an unsaved edit to the sibling terraform.tfvars refreshes main.tf', async () => {
    await open('infra/main.tf');
    const u = uri('infra/main.tf');
    await waitFor('TG-AWS-001', () => withCode(u, 'TG-AWS-001').length);
    await vscode.workspace.openTextDocument(uri('infra/terraform.tfvars'));
    await replace('infra/terraform.tfvars', '"some-other-bucket"', '"app-data"');
    await waitFor('TG-AWS-001 to go once the logging resource resolves to bucket "app-data"', () => withCode(u, 'TG-AWS-001').length === 0);
    await revert('infra/terraform.tfvars');
    await waitFor('TG-AWS-001 back after the revert', () => withCode(u, 'TG-AWS-001').length === 1);
  });

  test('Terraform JSON syntax and OpenTofu files: exact JSON ranges, variables from an unsaved terraform.tfvars.json', async () => {
    await open('opentofu/main.tf.json');
    const j = uri('opentofu/main.tf.json');
    const [d] = await waitFor('TG-AWS-004 on main.tf.json', () => nonEmpty(withCode(j, 'TG-AWS-004')));
    assert.deepEqual(rng(d.range), [6, 8, 6, 27], 'the "acl": "${var.acl}" property');
    await open('opentofu/assets.tofu');
    const t = uri('opentofu/assets.tofu');
    const [dt] = await waitFor('TG-AWS-004 on assets.tofu', () => nonEmpty(withCode(t, 'TG-AWS-004')));
    assert.deepEqual(rng(dt.range), [2, 2, 2, 18]);
    await replace('opentofu/terraform.tfvars.json', '"public-read"', '"private"');
    await waitFor('TG-AWS-004 to go from main.tf.json once the JSON variable file says private', () => withCode(j, 'TG-AWS-004').length === 0);
    await revert('opentofu/terraform.tfvars.json');
    await waitFor('TG-AWS-004 back after the revert', () => withCode(j, 'TG-AWS-004').length === 1);
  });

  test('Hover: findings grouped by rule with failing headlines; fix and criteria first; the message is not repeated', async () => {
    await open('infra/main.tf');
    const u = uri('infra/main.tf');
    await waitFor('three findings on the bucket header', () => tg(u).filter((d) => d.range.start.line === 0).length === 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', u, new vscode.Position(0, 12));
    const ours = hovers.filter((h) => h.contents.some((c) => typeof c !== 'string' && 'value' in c && /TG\\-AWS/.test(c.value)));
    assert.equal(ours.length, 1, 'one hover for the three findings');
    const text = ours[0].contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
    const [above, below] = text.split('\n---\n').map((x) => x.trim());
    // Above the fold, two lines per rule: the failing headline with its criteria, then the fix.
    assert.match(above, /^\*\*S3 bucket has no server access logging\*\* — TG\\-AWS\\-001 · medium · SOC 2 CC7\\\.2, CC4\\\.1\\\n\*\*Fix:\*\* Add an aws\\_s3\\_bucket\\_logging resource[^\n]*\n\n\*\*S3 bucket policy does not deny requests without TLS\*\* — TG\\-AWS\\-006/);
    assert.match(above, /\n\n\*\*S3 bucket versioning is not enabled\*\* — TG\\-AWS\\-007 · medium · SOC 2 A1\\\.2, CC7\\\.4, C1\\\.2, PI1\\\.5\\\n\*\*Fix:\*\* [^\n]+$/);
    assert.equal(above.split('\n').length, 8, 'three rules, two lines each');
    // VS Code shows each diagnostic's message at the top of the hover: it is not repeated here.
    assert.doesNotMatch(text, /has no access logging: no logging block/);
    // Below: what each criterion asks for (once), why per rule, and the documentation link.
    assert.match(below, /\*\*SOC 2 criteria\*\*\n\n- \*\*CC7\\\.2\*\* System components are monitored for anomalies[^\n]*\n- \*\*CC4\\\.1\*\* Controls are monitored/);
    assert.equal((below.match(/- \*\*CC6\\\.1\*\*/g) ?? []).length, 1);
    assert.match(below, /\*\*Why TG\\-AWS\\-001:\*\* [^\n]+ \[Rule documentation\]\(https:\/\/github\.com\/trustgate-dev\/trustgate\/blob\/main\/docs\/rules\/TG-AWS-001\.md\)/);
    assert.equal((below.match(/\*\*Why /g) ?? []).length, 3);
  });

  test('Quick fix that adds a companion resource: its title names it, and the finding goes', async () => {
    await open('infra/main.tf');
    const u = uri('infra/main.tf');
    const [d] = await waitFor('TG-AWS-007 on the bucket', () => nonEmpty(withCode(u, 'TG-AWS-007').filter((x) => x.range.start.line === 0)));
    const fix = await actionTitled(u, d.range, 'Trustgate: Add resource "aws_s3_bucket_versioning" "data"');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const doc = await vscode.workspace.openTextDocument(u);
    assert.equal(doc.getText().split('\n').slice(0, 11).join('\n'), 'resource "aws_s3_bucket" "data" {\n  bucket = var.bucket_name\n}\n\nresource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n\n  versioning_configuration {\n    status = "Enabled"\n  }\n}');
    await waitFor('TG-AWS-007 to go from the bucket "data"', () => withCode(u, 'TG-AWS-007').every((x) => x.range.start.line !== 0));
    assert.equal(withCode(u, 'TG-AWS-001').length, 1, 'the other findings stay');
    await revert('infra/main.tf');
  });

  test('Kubernetes: privileged container, then the quick fix rewrites it', async () => {
    await open('k8s/deploy.yaml');
    const u = uri('k8s/deploy.yaml');
    const [d] = await waitFor('TG-K8S-001', () => nonEmpty(withCode(u, 'TG-K8S-001')));
    assert.deepEqual(rng(d.range), [11, 12, 11, 28]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /Container "app" in Deployment "web" runs privileged\. \(SOC 2 CC6\.8, CC6\.1\)/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', u, d.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Trustgate: Suppress TG-K8S-001 with justification'), titles.join(' | '));
    assert.ok(titles.includes('Trustgate: Open documentation for TG-K8S-001'), titles.join(' | '));
    const fix = actions.find((a) => a.title === 'Trustgate: Set privileged: false');
    assert.ok(fix?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const doc = await vscode.workspace.openTextDocument(u);
    assert.equal(doc.lineAt(11).text, '            privileged: false');
    await waitFor('TG-K8S-001 to go', () => withCode(u, 'TG-K8S-001').length === 0);
    await revert('k8s/deploy.yaml');
  });

  test('Suppress with justification inserts a trustgate:ignore line and the finding goes', async () => {
    await open('k8s/deploy.yaml');
    const u = uri('k8s/deploy.yaml');
    const [d] = await waitFor('TG-K8S-001', () => nonEmpty(withCode(u, 'TG-K8S-001')));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', u, d.range);
    const sup = actions.find((a) => a.title === 'Trustgate: Suppress TG-K8S-001 with justification');
    assert.ok(sup?.command);
    await vscode.commands.executeCommand(sup.command.command, ...(sup.command.arguments ?? []));
    const doc = await vscode.workspace.openTextDocument(u);
    const expires = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    assert.equal(doc.lineAt(11).text, `            # trustgate:ignore TG-K8S-001 reason="why this is acceptable" expires=${expires}`);
    assert.equal(doc.lineAt(12).text, '            privileged: true');
    // The placeholder is selected, ready to type the real reason; left as is, it suppresses nothing.
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.getText(editor.selection), 'why this is acceptable');
    const [ph] = await waitFor('the placeholder reason flagged', () => nonEmpty(withCode(u, 'trustgate-suppression')));
    assert.equal(ph.range.start.line, 11);
    assert.equal(ph.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(ph.message, /^trustgate:ignore has a placeholder reason \("why this is acceptable"\); write why the finding is acceptable; it does not suppress anything$/);
    assert.equal(withCode(u, 'TG-K8S-001').length, 1, 'the placeholder does not suppress');
    // A one-word reason is not a justification either.
    await vscode.commands.executeCommand('type', { text: 'debugging' });
    await waitFor('the short reason flagged', () => withCode(u, 'trustgate-suppression').some((x) => /too short to justify it \("debugging"\)/.test(x.message)));
    assert.equal(withCode(u, 'TG-K8S-001').length, 1, 'a one-word reason does not suppress');
    await vscode.commands.executeCommand('type', { text: ' a break-glass pod, ticket OPS-42' });
    assert.match(doc.lineAt(11).text, /reason="debugging a break-glass pod, ticket OPS-42" expires=/);
    await waitFor('TG-K8S-001 suppressed', () => withCode(u, 'TG-K8S-001').length === 0);
    assert.equal(withCode(u, 'trustgate-suppression').length, 0, 'a real reason is not flagged');
    await revert('k8s/deploy.yaml');
  });

  test('A malformed suppression is a warning and does not suppress', async () => {
    await open('k8s/bad-suppression.yaml');
    const u = uri('k8s/bad-suppression.yaml');
    const [w] = await waitFor('suppression warning', () => nonEmpty(withCode(u, 'trustgate-suppression')));
    assert.equal(w.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(w.range.start.line, 9);
    assert.match(w.message, /no reason/);
    assert.equal(withCode(u, 'TG-K8S-001').length, 1);
  });

  test('Workflow: unpinned action (severity from .trustgate.yml), then typing the pin clears it', async () => {
    await open('.github/workflows/ci.yml');
    const u = uri('.github/workflows/ci.yml');
    const [d] = await waitFor('TG-GHA-001', () => nonEmpty(withCode(u, 'TG-GHA-001')));
    assert.equal(withCode(u, 'TG-GHA-001').length, 1, 'the SHA-pinned setup-node is not reported');
    assert.deepEqual(rng(d.range), [6, 14, 6, 33]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information, '.trustgate.yml sets TG-GHA-001 to low');
    assert.match(d.message, /actions\/checkout@v4 is not pinned to a commit SHA.*\(SOC 2 CC8\.1, CC9\.2\)/);
    await replace('.github/workflows/ci.yml', 'actions/checkout@v4', 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683');
    await waitFor('TG-GHA-001 to go', () => withCode(u, 'TG-GHA-001').length === 0);
    await revert('.github/workflows/ci.yml');
  });

  test('Workflow: the quick fix adds top-level permissions: contents: read', async () => {
    await open('.github/workflows/ci.yml');
    const u = uri('.github/workflows/ci.yml');
    const [d] = await waitFor('TG-GHA-002', () => nonEmpty(withCode(u, 'TG-GHA-002')));
    assert.deepEqual(rng(d.range), [2, 0, 2, 4], 'the jobs: key');
    const fix = await actionTitled(u, d.range, 'Trustgate: Add permissions: contents: read (top level)');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const doc = await vscode.workspace.openTextDocument(u);
    assert.deepEqual(doc.getText().split('\n').slice(1, 6), ['on: [push]', 'permissions:', '  contents: read', '', 'jobs:']);
    await waitFor('TG-GHA-002 to go', () => withCode(u, 'TG-GHA-002').length === 0);
    await revert('.github/workflows/ci.yml');
  });

  test('Settings: minimumSeverity hides findings below it', async () => {
    await open('.github/workflows/ci.yml');
    const u = uri('.github/workflows/ci.yml');
    await waitFor('TG-GHA-001', () => withCode(u, 'TG-GHA-001').length);
    const cfg = vscode.workspace.getConfiguration('trustgate');
    await cfg.update('minimumSeverity', 'medium', vscode.ConfigurationTarget.Global);
    try {
      await waitFor('low finding hidden', () => withCode(u, 'TG-GHA-001').length === 0);
    } finally {
      await cfg.update('minimumSeverity', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('low finding back', () => withCode(u, 'TG-GHA-001').length === 1);
  });

  test('Settings: persona pedantic adds the hygiene rules; the default (regular) does not run them', async () => {
    await open('k8s/deploy.yaml');
    const u = uri('k8s/deploy.yaml');
    await waitFor('TG-K8S-001', () => withCode(u, 'TG-K8S-001').length);
    assert.equal(withCode(u, 'TG-K8S-012').length, 0, 'digest pinning is pedantic');
    const cfg = vscode.workspace.getConfiguration('trustgate');
    await cfg.update('persona', 'pedantic', vscode.ConfigurationTarget.Global);
    try {
      await waitFor('TG-K8S-012 in the pedantic persona', () => withCode(u, 'TG-K8S-012').length === 1);
      assert.equal(withCode(u, 'TG-K8S-001').length, 1);
    } finally {
      await cfg.update('persona', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('TG-K8S-012 gone again', () => withCode(u, 'TG-K8S-012').length === 0);
  });

  test('Settings: configPath from the (trusted) workspace is honoured; a path outside the folder is ignored and said', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    await open('.github/workflows/ci.yml');
    const u = uri('.github/workflows/ci.yml');
    await waitFor('TG-GHA-001', () => withCode(u, 'TG-GHA-001').length);
    const cfg = vscode.workspace.getConfiguration('trustgate');
    const outside = join(WS, '..', 'outside-lenient.yml');
    writeFileSync(outside, 'rules:\n  disable: [TG-GHA-001]\n');
    try {
      await cfg.update('configPath', 'lenient.yml', vscode.ConfigurationTarget.Workspace);
      await waitFor('TG-GHA-001 disabled by the workspace config', () => withCode(u, 'TG-GHA-001').length === 0);
      await cfg.update('configPath', '../outside-lenient.yml', vscode.ConfigurationTarget.Workspace);
      // Ignored: the rule is back, and a diagnostic says why.
      await waitFor('TG-GHA-001 back', () => withCode(u, 'TG-GHA-001').length === 1);
      const [d] = await waitFor('the outside path reported', () => nonEmpty(tg(vscode.Uri.file(outside))));
      assert.match(d.message, /trustgate\.configPath \.\.\/outside-lenient\.yml is outside the workspace folder; ignored/);
    } finally {
      await cfg.update('configPath', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(outside, { force: true });
    }
    await waitFor('TG-GHA-001 with the workspace .trustgate.yml', () => withCode(u, 'TG-GHA-001').length === 1);
  });

  test('Parse errors are diagnostics; excluded and unrelated files get none', async () => {
    await open('broken/main.tf');
    const b = uri('broken/main.tf');
    const [p] = await waitFor('parse error', () => nonEmpty(withCode(b, 'trustgate-parse')));
    assert.equal(p.severity, vscode.DiagnosticSeverity.Error);
    assert.match(p.message, /syntax error/);
    await open('excluded/pod.yaml');
    await open('notes.yaml');
    await api.idle();
    assert.equal(tg(uri('excluded/pod.yaml')).length, 0, 'excluded by .trustgate.yml');
    assert.equal(tg(uri('notes.yaml')).length, 0);
  });

  test('A small workspace is scanned in the background on opening: files never opened are in the Problems panel', async () => {
    assert.equal(await api.autoScan(), true, 'the fixture workspace is under trustgate.autoScanMaxFiles');
    const job = uri('apps/job.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === job.fsPath), 'apps/job.yaml never opened');
    await waitFor('TG-K8S-001 on apps/job.yaml', () => withCode(job, 'TG-K8S-001').length === 1);
    const files = api.lastWorkspaceScan()?.summary.filesScanned;
    assert.ok(files && files >= 8, `files scanned: ${files}`);
    assert.match(api.statusText(), new RegExp(`^\\$\\(shield\\) Trustgate \\$\\(error\\) \\d+ \\$\\(warning\\) \\d+.* · ${files} files$`));
  });

  test('Trustgate: Scan workspace fills the Problems panel, reports counts by severity, status bar counts, coverage view', async () => {
    const job = uri('apps/job.yaml');
    const res = await vscode.commands.executeCommand<WorkspaceScan>('trustgate.scanWorkspace');
    assert.ok(res && res.findings > 0 && res.files >= 8, JSON.stringify(res));
    // The counts agree with the scan: files, unsuppressed findings by severity, errors.
    const last = api.lastWorkspaceScan()!;
    assert.equal(res.files, last.summary.filesScanned);
    const open = last.findings.filter((f) => !f.suppressed);
    assert.equal(res.findings, open.length);
    for (const s of ['critical', 'high', 'medium', 'low']) assert.equal(res.counts.bySeverity[s], open.filter((f) => f.severity === s).length, s);
    assert.ok(res.counts.errors >= 1, 'broken/main.tf does not parse');
    const sev = ['critical', 'high', 'medium', 'low'].filter((s) => res.counts.bySeverity[s]).map((s) => `${res.counts.bySeverity[s]} ${s}`).join(', ');
    assert.match(res.message, new RegExp(`^Trustgate: ${res.files} files scanned: ${res.findings} findings \\(${sev}\\), .*${res.counts.errors} errors?\\.$`));
    // Run twice: the same counts (the UI test checks the Problems panel stays open).
    const again = await vscode.commands.executeCommand<WorkspaceScan>('trustgate.scanWorkspace');
    assert.equal(again.message, res.message);
    assert.equal(withCode(job, 'TG-K8S-001').length, 1, 'a file never opened is in the Problems panel');
    assert.equal(withCode(uri('infra/main.tf'), 'TG-AWS-001').length, 1, 'the workspace scan resolves tfvars too');
    assert.equal(tg(uri('excluded/pod.yaml')).length, 0);
    assert.match(api.statusText(), /^\$\(shield\) Trustgate \$\(error\) [1-9]\d* \$\(warning\) [1-9]\d*/);
    const html = await vscode.commands.executeCommand<string>('trustgate.showCoverage');
    const row = (id: string) => new RegExp(`<tr class="[^"]*" data-criterion="${id.replace('.', '\\.')}">.*?</tr>`).exec(html)?.[0] ?? '';
    assert.match(row('CC6.8'), /<span class="summary">Unauthorised or malicious software is prevented or detected\.<\/span>.*<td class="verdict">fail<\/td>/);
    // A failing row links to its findings (a command URI; the webview runs no script).
    assert.match(row('CC6.8'), /<a href="command:trustgate\.showCriterion\?%5B%22CC6\.8%22%5D"/);
    assert.match(row('A1.3'), /<td class="verdict">not automatable<\/td>/);
    // Rules evidence CC1.3 (IAM admin policies, control owners): never "not automatable".
    assert.ok(row('CC1.3'), 'a CC1.3 row');
    assert.doesNotMatch(row('CC1.3'), /not automatable/);
    assert.doesNotMatch(html, /<script/i);
  });

  test('Findings tree: the last scan grouped by criterion, file or severity; a coverage row\'s link opens its first finding', async () => {
    const res = await vscode.commands.executeCommand<WorkspaceScan>('trustgate.scanWorkspace');
    const t = api.findingsTree();
    assert.equal(t.groupBy, 'criterion');
    const cc68 = t.groups.find((g) => g.key === 'CC6.8');
    assert.ok(cc68, t.groups.map((g) => g.key).join(' '));
    assert.equal(cc68.label, 'CC6.8');
    assert.match(cc68.description, /^\d+ findings? · Unauthorised or malicious software is prevented or detected\.$/);
    assert.equal(await vscode.commands.executeCommand('trustgate.findings.groupBy', 'file'), 'file');
    const byFile = api.findingsTree();
    assert.ok(byFile.groups.some((g) => g.label === 'apps/job.yaml' && g.findings >= 1), byFile.groups.map((g) => g.label).join(' '));
    assert.equal(byFile.groups.reduce((n, g) => n + g.findings, 0), res.findings, 'each finding once by file');
    await vscode.commands.executeCommand('trustgate.findings.groupBy', 'severity');
    const bySev = api.findingsTree();
    assert.deepEqual(bySev.groups.map((g) => g.key), ['critical', 'high', 'medium', 'low'].filter((s) => res.counts.bySeverity[s]));
    assert.deepEqual(bySev.groups.map((g) => g.findings), bySev.groups.map((g) => res.counts.bySeverity[g.key]));
    // The coverage view's link (command:trustgate.showCriterion) groups by criterion and opens the first finding.
    const f = await vscode.commands.executeCommand<{ location: { file: string; startLine: number } }>('trustgate.showCriterion', 'CC6.8');
    assert.ok(f);
    assert.equal(api.findingsTree().groupBy, 'criterion');
    await waitFor('the finding opened', () => vscode.window.activeTextEditor?.document.uri.fsPath === f.location.file && vscode.window.activeTextEditor.selection.start.line === f.location.startLine - 1);
    // Saving a fix rescans the (small) workspace in the background: the tree follows.
    const cc68Count = () => api.findingsTree().groups.find((g) => g.key === 'CC6.8')?.findings ?? 0;
    const before = cc68Count();
    const job = await vscode.workspace.openTextDocument(uri('apps/job.yaml'));
    try {
      await replace('apps/job.yaml', 'privileged: true', 'privileged: false');
      assert.ok(await job.save());
      await waitFor('CC6.8 to lose the saved fix', () => cc68Count() < before);
    } finally {
      await replace('apps/job.yaml', 'privileged: false', 'privileged: true');
      await job.save();
    }
    await waitFor('CC6.8 back after saving the original', () => cc68Count() === before);
  });
});
