// The readiness report links the CC8.1 population report of the window (`trustgate evidence
// population`): where it is, and its headline counts when its JSON can be read (the JSON itself, or
// the .json written next to an .html/.csv of the same name, as the CLI and the Action write them).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PopulationReport } from '../evidence/population.js';
import type { PopulationLink } from './model.js';

const MAX_JSON_BYTES = 256 * 1024 * 1024;

/** The headline of a population report's JSON; undefined when the value is not one. */
export function populationSummary(v: unknown): PopulationLink['summary'] | undefined {
  const p = v as Partial<PopulationReport> | null;
  const q = p?.query;
  if (!p || typeof p !== 'object' || !q || typeof q.branch !== 'string' || !q.window || typeof p.total !== 'number' || typeof p.counts?.covered !== 'number') return undefined;
  return { branch: q.branch, from: q.window.from, to: q.window.to, total: p.total, covered: p.counts.covered, exceptions: p.total - p.counts.covered, ledgerHead: q.ledger?.head ?? null, generatedAt: q.generatedAt };
}

export class PopulationLinkError extends Error {}

/**
 * `--population FILE|URL`: an https URL is linked as it is; a file must exist, and its counts are read
 * from the JSON (the file, or FILE with .json in place of its extension). A .json that is not a
 * population report is refused rather than linked.
 */
export function populationLink(location: string, cwd: string): PopulationLink {
  if (/^https:\/\//i.test(location)) return { href: location, artifact: null, summary: null };
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) throw new PopulationLinkError(`--population ${location}: only a file or an https URL can be linked`);
  const abs = resolve(cwd, location);
  if (!existsSync(abs)) throw new PopulationLinkError(`--population ${location} does not exist`);
  const json = /\.json$/i.test(abs) ? abs : abs.replace(/\.[^./\\]*$/, '') + '.json';
  let summary: PopulationLink['summary'] = null;
  if (existsSync(json) && statSync(json).isFile() && statSync(json).size <= MAX_JSON_BYTES) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(json, 'utf8'));
    } catch {
      parsed = undefined;
    }
    summary = populationSummary(parsed) ?? null;
    if (!summary && json === abs) throw new PopulationLinkError(`--population ${location} is not a population report (trustgate evidence population --format json)`);
  }
  return { href: location, artifact: null, summary };
}
