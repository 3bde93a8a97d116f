// Generated docs and the SOC 2 mapping must be fresh: regenerate in memory and compare with the
// committed files (`npm run docs` fixes a failure). `trustgate explain` prints the same page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/cli.js';
import { CRITERIA } from '../core/soc2/criteria.js';
import { canonicalJson, rulesetDigest, sha256 } from '../core/digest.js';
import { generateDocs, renderRuleDoc } from '../core/docs.js';
import { scan } from '../core/engine.js';
import { MAPPING_FILE, NOT_AUTOMATABLE, soc2Info, type Soc2Mapping } from '../core/soc2/mapping.js';
import { toJson } from '../core/report/json.js';
import { toMarkdown } from '../core/report/markdown.js';
import { toSarif } from '../core/report/sarif.js';
import { ruleMeta } from '../core/rule.js';
import { ALL_RULES } from '../rules/index.js';

const ROOT = join(import.meta.dirname, '..');
const metas = ALL_RULES.map(ruleMeta);
const generated = generateDocs(metas, ROOT);
const STALE = 'generated docs are stale: run `npm run docs`';

describe('generated docs', () => {
  it('every generated file is up to date', () => {
    const stale = [...generated].filter(([rel, text]) => !existsSync(join(ROOT, rel)) || readFileSync(join(ROOT, rel), 'utf8') !== text).map(([rel]) => rel);
    expect(stale, STALE).toEqual([]);
  });

  it('docs/rules holds no page for a rule that no longer exists', () => {
    const extra = readdirSync(join(ROOT, 'docs/rules')).filter((n) => n.endsWith('.md') && !generated.has(`docs/rules/${n}`));
    expect(extra, STALE).toEqual([]);
  });

  it('every rule has a page; examples come from the fixtures (test/rules.fixtures.test.ts requires both kinds)', () => {
    for (const m of metas) {
      const page = generated.get(`docs/rules/${m.id}.md`)!;
      expect(page).toContain(`# ${m.id}: ${m.title}`);
      expect(page).toContain(m.remediation);
    }
    const page = generated.get('docs/rules/TG-AWS-001.md')!;
    expect(page).toContain('## Bad example\n\nThis fails (from `test/fixtures/rules/terraform/aws/s3-bucket-access-logging/main.tf`):\n\n```hcl\nresource "aws_s3_bucket" "no_logging" {  # <- TG-AWS-001\n  bucket = "no-logging"\n}\n```');
    // The passing example keeps its companion resource and leaves out annotation comments.
    expect(page).toMatch(/## Good example\n\nThis passes[^\n]*\n\n```hcl\nresource "aws_s3_bucket" "companion_by_reference" \{[\s\S]*resource "aws_s3_bucket_logging" "companion_by_reference"[\s\S]*?```/);
    expect(page).not.toMatch(/# (ok|expect):/);
  });

  it('`trustgate explain ID --format markdown` prints the doc page', async () => {
    const id = metas[0].id;
    let out = '';
    const code = await main(['explain', id, '--format', 'markdown'], { stdout: (s) => (out += s), stderr: () => {}, cwd: ROOT, isTTY: false, env: {} });
    expect(code).toBe(0);
    expect(out).toBe(generated.get(`docs/rules/${id}.md`));
  });

  it('`trustgate explain ID` renders the page for a terminal: headings, aligned facts, wrapped text, colour on a TTY, no HTML comment', async () => {
    const explain = async (tty: boolean, columns?: number) => {
      let out = '';
      await main(['explain', 'TG-AWS-049'], { stdout: (s) => (out += s), stderr: () => {}, cwd: ROOT, isTTY: tty, columns, env: {} });
      return out;
    };
    const pipe = await explain(false);
    expect(pipe).not.toMatch(/<!--|\x1b\[|^\|/m);
    expect(pipe).toMatch(/^TG-AWS-049: RDS automated backups are kept for at least 7 days\n\n {2}Name +aws-rds-backup-retention\n/);
    expect(pipe).toMatch(/^WHY IT MATTERS FOR SOC 2$/m);
    expect(pipe).toMatch(/^ {2}Set in \.trustgate\.yml under rules\.options\.TG-AWS-049; a misspelled/m);
    expect(pipe).toMatch(/^ {4}resource "aws_db_instance" "default" \{ {2}# <- TG-AWS-049$/m);
    const term = await explain(true, 60);
    expect(term).toContain('\x1b[1m');
    // eslint-disable-next-line no-control-regex
    for (const l of term.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) if (!/^ {4}|^[A-Z]|^ {2}\S+ {2,}/.test(l) && / /.test(l.trim())) expect(l.length, l).toBeLessThanOrEqual(60); // code, headings, table rows and a single long word excepted
  });

  it('a good example is a passing snippet: it never shows a failing line of its rule', () => {
    let checked = 0;
    for (const [path, page] of generated) {
      const m = /^docs\/rules\/(TG-[A-Z0-9]+-\d+)\.md$/.exec(path);
      const good = /## Good example\n\nThis passes[^\n]*\n\n```\w*\n([\s\S]*?)```/.exec(page);
      if (!m || !good) continue;
      checked++;
      expect(good[1], path).not.toContain(`# <- ${m[1]}`);
    }
    expect(checked).toBeGreaterThan(100);
    // A workflow rule whose fixture fails and passes in one document shows the passing step only.
    expect(generated.get('docs/rules/TG-GHA-004.md')).toMatch(/## Good example\n\n[^\n]*\n\n```yaml\n- name: through env \(safe\)\n/);
  });

  it('renders metadata: criteria rationale, aliases, confidence, introducedIn, defaults', () => {
    const page = renderRuleDoc(
      {
        id: 'TG-X-001',
        name: 'x',
        title: 'X is on',
        failTitle: 'Test rule fails',
        kind: 'terraform',
        category: 'secrets',
        controls: ['CC6.1', 'C1.1'],
        severity: 'low',
        persona: 'pedantic',
        personaRationale: 'Test rationale for the persona.',
        rationale: 'General why.',
        remediation: 'Turn X on.',
        defaults: 'X is off when omitted.',
        confidence: 'medium',
        aliases: ['CKV_AWS_1', 'AVD-AWS-0001'],
        introducedIn: '0.1.0',
        controlRationale: { 'CC6.1': 'Restricts access.', 'C1.1': 'Protects confidential data.' },
      },
      { bad: { file: 'f.tf', line: 2, lang: 'hcl', code: 'x = false' } },
    );
    for (const s of ['| Persona | pedantic — Test rationale for the persona. |', '| Confidence | medium |', '| Introduced in | 0.1.0 |', '`CKV_AWS_1`', '### CC6.1 — ', 'Restricts access.', 'Protects confidential data.', 'X is off when omitted.', '#checkov:skip=CKV_AWS_1:', '#trivy:ignore:AVD-AWS-0001 reason="..."', '_No fixture example yet._'])
      expect(page).toContain(s);
  });
});

describe('SOC 2 mapping', () => {
  const mapping = JSON.parse(generated.get(MAPPING_FILE)!) as Soc2Mapping;

  it('is versioned and lists every criterion, with an explicit statement where no rule can apply', () => {
    expect(mapping.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(mapping.schemaVersion).toBe(1);
    expect(mapping.criteria.map((c) => c.id)).toEqual(Object.keys(CRITERIA));
    // (CC5.3, CC1.3 and others are covered by the governance rules, which judge the repository's record of controls outside the code.)
    for (const id of ['A1.3', 'PI1.1', 'CC1.1', 'CC6.4', 'P1.1', 'P8.1']) {
      const c = mapping.criteria.find((x) => x.id === id)!;
      expect(c.status).toBe('not-automatable');
      expect(c.note).toBe(NOT_AUTOMATABLE);
      expect(c.rules).toEqual([]);
    }
    expect(generated.get('docs/controls.md')).toContain(`| A1.3 | ${CRITERIA['A1.3'].summary} | _${NOT_AUTOMATABLE}_ |`);
  });

  it('maps every rule under each of its criteria, with a rationale', () => {
    for (const m of metas) {
      for (const c of m.controls) {
        const entry = mapping.criteria.find((x) => x.id === c)?.rules.find((r) => r.id === m.id) ?? mapping.unknownCriteria?.find((u) => u.id === c);
        expect(entry, `${m.id} under ${c}`).toBeTruthy();
      }
    }
    expect(mapping.unknownCriteria ?? [], 'rules cite criteria missing from core/soc2/criteria.ts').toEqual([]);
  });

  it('digests: the committed file is what reports pin', () => {
    const onDisk = readFileSync(join(ROOT, MAPPING_FILE));
    const info = soc2Info(ALL_RULES);
    expect(info.mappingDigest).toBe(sha256(onDisk));
    expect(info.rulesetDigest).toBe(rulesetDigest(metas));
    expect(info.rulesetDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":2,"z":1}]},"b":1}');
    expect(rulesetDigest([...metas].reverse())).toBe(rulesetDigest(metas));
  });

  it('every report carries the digests; the JSON contract is intact', async () => {
    const dir = join(ROOT, 'test/fixtures/rules/terraform/aws/s3-bucket-access-logging');
    const r = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES, today: '2026-06-01' });
    const info = soc2Info(ALL_RULES);
    const json = JSON.parse(toJson(r, dir));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['tool', 'findings', 'indeterminate', 'errors', 'summary', 'soc2']));
    expect(json.tool).toEqual({ name: 'trustgate', version: expect.any(String) });
    expect(json.soc2).toEqual(info);
    const sarif = JSON.parse(toSarif(r, metas, dir));
    expect(sarif.runs[0].properties).toEqual({ 'trustgate/soc2MappingVersion': info.mappingVersion, 'trustgate/soc2MappingDigest': info.mappingDigest, 'trustgate/rulesetDigest': info.rulesetDigest });
    expect(toMarkdown(r, dir)).toContain(`\`${info.mappingDigest}\``);
  });
});
