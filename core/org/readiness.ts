// The readiness sections of the organisation report: per-repository SOC 2 readiness reports
// (`readiness.json` beside scan.json, written by the org scan step, or any `trustgate report --format
// json` file) folded per criteria section across repositories: verdicts counted, the distribution of
// readiness scores, the repositories failing each section, compensating controls counted. Only
// counters are kept (a 101-slot histogram per section for the scores) plus the names of failing
// repositories, so memory grows with the repositories, never with their findings.
import { VERDICTS, type Verdict } from '../soc2/verdict.js';
import type { ReadinessReport } from '../readiness/model.js';

export const READINESS_KIND = 'trustgate-readiness-report';

export interface ScoreDistribution {
  /** Repositories with a score. */
  repositories: number;
  min: number | null;
  median: number | null;
  max: number | null;
  /** Repositories per score band (0–19, 20–39, 40–59, 60–79, 80–100). */
  bands: { from: number; to: number; repositories: number }[];
}

export interface OrgReadinessSection {
  id: string;
  title: string;
  /** Repositories per verdict of the section. */
  verdicts: Record<Verdict, number>;
  score: ScoreDistribution;
  /** Repositories whose section fails, by name. */
  failing: string[];
  openFindings: number;
  suppressions: number;
  /** Compensating controls listed in the section, by what was verified, and the repositories that have any. */
  compensations: { verified: number; exists: number; invalid: number; repositories: number };
}

export interface OrgReadiness {
  /** Scanned repositories with a readiness report. */
  repositories: number;
  /** Scanned repositories without one (the report step did not run for them). */
  withoutReport: number;
  score: ScoreDistribution;
  sections: OrgReadinessSection[];
}

const BANDS: [number, number][] = [
  [0, 19],
  [20, 39],
  [40, 59],
  [60, 79],
  [80, 100],
];

const pct = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(100, Math.floor(v))) : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

export const isReadiness = (v: unknown): v is ReadinessReport => {
  const x = v as ReadinessReport;
  return !!x && typeof x === 'object' && x.kind === READINESS_KIND && Array.isArray(x.sections) && pct(x.score?.overall?.percent) !== null;
};

class Histogram {
  private readonly counts = new Array<number>(101).fill(0);
  private n = 0;
  add(p: number): void {
    this.counts[p]++;
    this.n++;
  }
  distribution(): ScoreDistribution {
    const at = (k: number) => {
      let seen = 0;
      for (let v = 0; v <= 100; v++) if ((seen += this.counts[v]) >= k) return v;
      return null;
    };
    const bands = BANDS.map(([from, to]) => ({ from, to, repositories: this.counts.slice(from, to + 1).reduce((a, b) => a + b, 0) }));
    if (!this.n) return { repositories: 0, min: null, median: null, max: null, bands };
    // The lower median: a score at least half the repositories reach or stay under.
    return { repositories: this.n, min: at(1), median: at(Math.ceil(this.n / 2)), max: at(this.n), bands };
  }
}

interface SectionAcc {
  title: string;
  verdicts: Record<Verdict, number>;
  hist: Histogram;
  failing: string[];
  openFindings: number;
  suppressions: number;
  compensations: OrgReadinessSection['compensations'];
}

export class ReadinessAggregator {
  private readonly overall = new Histogram();
  private readonly sections = new Map<string, SectionAcc>();
  private readonly seen = new Set<string>();

  /** One repository's readiness report; an error message when it cannot be used. */
  add(repository: string, r: ReadinessReport): string | undefined {
    if (this.seen.has(repository)) return `a second readiness report for ${repository}; this one is ignored`;
    this.seen.add(repository);
    this.overall.add(pct(r.score.overall.percent)!);
    for (const s of r.sections) {
      if (!s || typeof s.id !== 'string') continue;
      let a = this.sections.get(s.id);
      if (!a) this.sections.set(s.id, (a = { title: String(s.title ?? s.id), verdicts: { fail: 0, incomplete: 0, pass: 0, 'not-evaluated': 0 }, hist: new Histogram(), failing: [], openFindings: 0, suppressions: 0, compensations: { verified: 0, exists: 0, invalid: 0, repositories: 0 } }));
      if ((VERDICTS as readonly string[]).includes(s.verdict)) a.verdicts[s.verdict]++;
      if (s.verdict === 'fail') a.failing.push(repository);
      const p = pct(s.score?.percent);
      if (p !== null) a.hist.add(p);
      a.openFindings += num(s.findings?.total);
      a.suppressions += Array.isArray(s.suppressions) ? s.suppressions.length : 0;
      // Reports written before compensations were listed have none: counted as none.
      const comps = Array.isArray(s.compensations) ? s.compensations : [];
      for (const c of comps) if (c && (c.status === 'verified' || c.status === 'exists' || c.status === 'invalid')) a.compensations[c.status]++;
      if (comps.length) a.compensations.repositories++;
    }
    return undefined;
  }

  /** The organisation's readiness; undefined when no repository had a report. */
  finish(withoutReport: number, order: (a: string, b: string) => number): OrgReadiness | undefined {
    if (!this.seen.size) return undefined;
    return {
      repositories: this.seen.size,
      withoutReport,
      score: this.overall.distribution(),
      sections: [...this.sections].map(([id, a]) => ({ id, title: a.title, verdicts: a.verdicts, score: a.hist.distribution(), failing: a.failing.sort(order), openFindings: a.openFindings, suppressions: a.suppressions, compensations: a.compensations })),
    };
  }
}
