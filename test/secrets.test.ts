// A finding about a hard-coded secret never prints the secret: not in messages, JSON, SARIF,
// markdown or text. The rule fixtures hold real-looking secrets; every output format is checked.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { toJson } from '../core/report/json.js';
import { toMarkdown } from '../core/report/markdown.js';
import { toSarif } from '../core/report/sarif.js';
import { toText } from '../cli/text.js';
import { ruleMeta } from '../core/rule.js';
import type { ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'rules');
let result: ScanResult;
beforeAll(async () => {
  result = await scan({ paths: [ROOT], cwd: ROOT, rules: ALL_RULES, today: '2026-06-01' });
});

describe('secrets are never printed', () => {
  it('secret-bearing findings exist in the fixtures (the test is not vacuous)', () => {
    const rules = new Set(result.findings.filter((f) => f.secret).map((f) => f.ruleId));
    expect(rules.size).toBeGreaterThanOrEqual(3);
  });

  it('no output format contains a secret value', () => {
    const secrets = [...new Set(result.findings.map((f) => f.secret).filter((s): s is string => !!s && s.length >= 6))];
    const outputs = {
      json: toJson(result, ROOT),
      sarif: toSarif(result, ALL_RULES.map(ruleMeta), ROOT),
      markdown: toMarkdown(result, ROOT),
      text: toText(result, ROOT, { color: false }),
    };
    const leaks: string[] = [];
    for (const [fmt, out] of Object.entries(outputs)) for (const s of secrets) if (out.includes(s)) leaks.push(`${fmt} leaks ${s.slice(0, 3)}…`);
    expect(leaks).toEqual([]);
    // The in-process field itself never reaches JSON.
    expect(JSON.parse(outputs.json).findings.some((f: Record<string, unknown>) => 'secret' in f)).toBe(false);
  });
});
