// Suppressions present in a tree: `trustgate:ignore` comments and `trustgate.io/ignore` Kubernetes
// annotations, one entry per rule id, with the commit author who added each line (git blame).
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { walk } from '../files.js';
import { isGovernanceRuleId, parseDirective, parseInlineSuppressions } from '../suppress.js';
import type { RuleMeta } from '../types.js';
import { blameLines } from './git.js';
import type { SuppressionEvidence } from './types.js';

const ANNOTATION = /trustgate\.io\/ignore['"]?\s*:\s*(.*)$/;

export function collectSuppressions(root: string, rules: Pick<RuleMeta, 'id' | 'controls'>[], blame?: { repo: string; sha: string; prefix?: string }): SuppressionEvidence[] {
  const controls = new Map(rules.map((r) => [r.id, r.controls]));
  const out: SuppressionEvidence[] = [];
  const { files } = walk([root], [], root);
  for (const f of files) {
    let src: string;
    try {
      src = readFileSync(f.path, 'utf8');
    } catch {
      continue;
    }
    if (!src.includes('trustgate')) continue;
    const rel = relative(root, f.path).split(sep).join('/');
    const found: Omit<SuppressionEvidence, 'addedBy'>[] = [];
    for (const s of parseInlineSuppressions(f.path, src)) {
      if (s.invalid) continue;
      // Governance findings are waived in the policy, never inline (such a comment is reported by the scan).
      for (const id of s.ruleIds.filter((x) => !isGovernanceRuleId(x))) found.push({ ruleId: id, file: rel, line: s.line, source: 'comment', reason: s.reason!, expires: s.expires ?? null, controls: controls.get(id) ?? [] });
    }
    if (f.kind === 'yaml' && src.includes('trustgate.io/ignore')) {
      src.split(/\r\n|\r|\n/).forEach((line, i) => {
        const m = ANNOTATION.exec(line);
        if (!m) return;
        const value = m[1].trim().replace(/^(['"])(.*)\1$/, '$2');
        for (const part of value.split(';').map((x) => x.trim()).filter(Boolean)) {
          const d = parseDirective(part);
          if (d.invalid) continue;
          for (const id of d.ruleIds) found.push({ ruleId: id, file: rel, line: i + 1, source: 'annotation', reason: d.reason!, expires: d.expires ?? null, controls: controls.get(id) ?? [] });
        }
      });
    }
    if (!found.length) continue;
    const who = blame ? blameLines(blame.repo, blame.sha, (blame.prefix ?? '') + rel, found.map((x) => x.line)) : new Map();
    for (const s of found) {
      const b = who.get(s.line);
      out.push({ ...s, addedBy: b ? { name: b.name, email: b.email, commit: b.commit, date: b.date } : null });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.ruleId < b.ruleId ? -1 : 1)));
}

/** Identity of a suppression across commits: rule, file, reason and expiry (not the line). */
export const suppressionKey = (s: Pick<SuppressionEvidence, 'ruleId' | 'file' | 'reason' | 'expires'>) => `${s.ruleId}\0${s.file}\0${s.reason}\0${s.expires ?? ''}`;
