// A quick fix's title names the change it makes ("Set encrypted = true", "Add resource ..."), not only
// the rule: checked over every quick fix the rule fixtures produce.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';

const ROOT = join(import.meta.dirname, '..');

describe('quick-fix titles', () => {
  it('every fix title says what it writes', async () => {
    const r = await scan({ paths: [join(ROOT, 'test/fixtures/rules')], cwd: ROOT, rules: ALL_RULES, today: '2026-06-01' });
    const fixes = r.findings.flatMap((f) => (f.fixes ?? []).map((x) => ({ ...x, ruleId: f.ruleId })));
    expect(fixes.length).toBeGreaterThan(50);
    const bad: string[] = [];
    for (const x of fixes) {
      const text = x.text.trim();
      const ok = /^Pin /.test(x.title)
        ? x.title.includes(/@([0-9a-f]{12})/.exec(text)?.[1] ?? '\0')
        : text.includes('\n')
          ? /^Add /.test(x.title) && text.split('\n')[0].split(/[\s:"{]+/).filter(Boolean).every((w) => x.title.includes(w))
          : /^(Set|Add) /.test(x.title) && x.title.includes(text);
      if (!ok) bad.push(`${x.ruleId}: "${x.title}" writes ${JSON.stringify(x.text)}`);
    }
    expect([...new Set(bad)]).toEqual([]);
    // Insertions exist: a missing attribute, a companion resource, a workflow's permissions.
    const titles = new Set(fixes.map((x) => x.title));
    expect(titles).toContain('Add encrypted = true');
    expect(titles).toContain('Add resource "aws_s3_bucket_versioning" "none"');
    expect(titles).toContain('Add permissions: contents: read (top level)');
  });
});
