// A generated ledger for the report's change history: the evidence tests' records (test/evidence/
// generate.ts), sealed in one pass (appending one by one re-verifies the whole chain each time), with
// every fifth change fixing the finding an earlier change opened, so time to remediate is measurable.
import { ledgerLine } from '../../core/evidence/ledger.js';
import { seal } from '../../core/evidence/record.js';
import type { EvidenceRecord } from '../../core/evidence/types.js';
import { makeRecord } from '../evidence/generate.js';

export function generatedLedger(n: number): { text: string; records: EvidenceRecord[] } {
  const records: EvidenceRecord[] = [];
  const opened: Omit<EvidenceRecord, 'digest'>['findings']['new'] = [];
  let prev: string | null = null;
  for (let i = 0; i < n; i++) {
    const r = makeRecord(i);
    if (i % 5 === 0 && opened.length) {
      const fixed = opened.shift()!;
      r.findings = { ...r.findings, fixed: [fixed], counts: { ...r.findings.counts, fixed: 1 } };
    } else r.findings = { ...r.findings, counts: { ...r.findings.counts, fixed: 0 } };
    opened.push(...r.findings.new);
    const s = seal(r, prev);
    records.push(s);
    prev = s.digest;
  }
  return { text: records.map((r) => ledgerLine(r) + '\n').join(''), records };
}
