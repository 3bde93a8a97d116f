// What a change to .trustgate.yml does to the gate: the semantic difference between the base policy
// (in force) and the head policy (proposed by the pull request), as a list of weakenings, each with
// the YAML path of the line that causes it. Strengthenings (a rule enabled, a severity raised) are not
// listed: they need no one's attention. Used by the policy-weakened change rule and the Action.
import { isDeepStrictEqual } from 'node:util';
import { compareVersions, pinnedVersion } from './audit.js';
import { DEFAULT_LIMITS, type Config, type Limits } from './config.js';
import { SEVERITIES, type RuleMeta, type Severity } from './types.js';

export type WeakeningKind =
  | 'rule-disabled'
  | 'severity-lowered'
  | 'path-excluded'
  | 'limit-lowered'
  | 'fail-on-raised'
  | 'option-changed'
  | 'persona-lowered'
  | 'module-host-allowed'
  | 'audit-pin-loosened'
  | 'governance-waived'
  | 'controls-removed';

export type PathStep = string | { item: string };

export interface Weakening {
  kind: WeakeningKind;
  /** One sentence for the finding and the summary. */
  message: string;
  /** Where in the head config the weakening is written (YAML keys, or `{ item }`: the sequence entry with that value); [] = the file. */
  path: PathStep[];
}

/** failOn from strictest to laxest; `undefined` is the CLI default (low). */
const FAIL_ON_ORDER = ['low', 'medium', 'high', 'critical', 'none'] as const;
const failOnRank = (f: Config['failOn']) => FAIL_ON_ORDER.indexOf(f ?? 'low');
const sevRank = (s: Severity) => SEVERITIES.indexOf(s); // 0 = critical

const LIMIT_WHAT: Record<keyof Limits, string> = {
  maxFileBytes: 'larger files are skipped unscanned',
  maxAliasCount: 'YAML files with more aliases are not scanned',
  maxDepth: 'deeper expressions are not followed',
  maxModuleDepth: 'deeper child modules are not evaluated',
  maxYamlNodeVisits: 'larger YAML files stop being checked',
  maxFileMs: 'slower files and modules are abandoned unscanned',
  maxModuleBytes: 'larger downloaded modules are not evaluated',
  maxModulesTotalBytes: 'modules past the total are not downloaded or evaluated',
  maxModuleFetchMs: 'slower module downloads are abandoned',
  maxModulesFetchMs: 'module downloads stop earlier',
  maxModules: 'modules past the count are not downloaded or evaluated',
};

/** Personas from fewest to most rules (engineer-facing: a lower persona reports less). */
const PERSONAS = ['regular', 'pedantic', 'auditor'];

/** Keys a policy may grow in later versions, read loosely so the diff keeps working. */
interface Extended {
  persona?: string;
  modules?: { allowedHosts?: string[] };
}

export function policyWeakenings(base: Config, head: Config, rules: RuleMeta[]): Weakening[] {
  const out: Weakening[] = [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const id of head.disabled) {
    if (base.disabled.has(id)) continue;
    const r = byId.get(id);
    out.push({ kind: 'rule-disabled', message: `disables ${id}${r ? ` (${r.title}; ${r.severity}, ${r.controls.join(', ')})` : ''}: its findings are no longer reported anywhere`, path: ['rules', 'disable', { item: id }] });
  }
  for (const [id, sev] of head.severity) {
    const r = byId.get(id);
    if (!r || head.disabled.has(id)) continue;
    const before = base.severity.get(id) ?? r.severity;
    if (sevRank(sev) > sevRank(before)) out.push({ kind: 'severity-lowered', message: `lowers ${id} from ${before} to ${sev}${base.severity.has(id) ? '' : ' (its default)'}: fewer of its findings fail the gate`, path: ['rules', 'severity', id] });
  }
  // A severity raised in the base and dropped from the head falls back to the (lower) default.
  for (const [id, before] of base.severity) {
    const r = byId.get(id);
    if (!r || head.severity.has(id) || head.disabled.has(id)) continue;
    if (sevRank(r.severity) > sevRank(before)) out.push({ kind: 'severity-lowered', message: `removes the ${before} severity of ${id}, which falls back to its default ${r.severity}`, path: ['rules', 'severity'] });
  }
  const baseExcludes = new Set(base.exclude);
  for (const g of new Set(head.exclude)) {
    if (!baseExcludes.has(g)) out.push({ kind: 'path-excluded', message: `excludes "${g}" from the scan: files it matches are no longer checked`, path: ['exclude', { item: g }] });
  }
  for (const k of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    if (head.limits[k] < base.limits[k]) out.push({ kind: 'limit-lowered', message: `lowers limits.${k} from ${base.limits[k]} to ${head.limits[k]}: ${LIMIT_WHAT[k]}`, path: ['limits', k] });
  }
  if (failOnRank(head.failOn) > failOnRank(base.failOn)) {
    out.push({ kind: 'fail-on-raised', message: `raises failOn from ${base.failOn ?? 'low (default)'} to ${head.failOn ?? 'low (default)'}: fewer findings fail the gate`, path: head.failOn === undefined ? [] : ['failOn'] });
  }
  for (const [id, opts] of head.options) {
    const before = base.options.get(id) ?? {};
    for (const [k, v] of Object.entries(opts)) {
      if (Object.hasOwn(before, k) && isDeepStrictEqual(before[k], v)) continue;
      out.push({ kind: 'option-changed', message: `sets option ${k} of ${id} to ${JSON.stringify(v)}${Object.hasOwn(before, k) ? ` (was ${JSON.stringify(before[k])})` : ''}: it may widen what ${id} allows`, path: ['rules', 'options', id, k] });
    }
  }
  for (const [id, opts] of base.options) {
    const now = head.options.get(id) ?? {};
    for (const k of Object.keys(opts)) if (!Object.hasOwn(now, k)) out.push({ kind: 'option-changed', message: `removes option ${k} of ${id} (was ${JSON.stringify(opts[k])}): the rule falls back to its default`, path: head.options.has(id) ? ['rules', 'options', id] : [] });
  }
  const bp = (base as Extended).persona ?? 'regular';
  const hp = (head as Extended).persona ?? 'regular';
  if (PERSONAS.indexOf(hp) < PERSONAS.indexOf(bp)) out.push({ kind: 'persona-lowered', message: `lowers the persona from ${bp} to ${hp}: the rules of the ${bp} persona are no longer reported`, path: (head as Extended).persona ? ['persona'] : [] });
  const bh = new Set((base as Extended).modules?.allowedHosts ?? []);
  const hh = (head as Extended).modules?.allowedHosts;
  if ((base as Extended).modules?.allowedHosts && !hh) out.push({ kind: 'module-host-allowed', message: 'removes modules.allowedHosts: modules may be downloaded from any host', path: [] });
  for (const h of hh ?? []) if (bh.size && !bh.has(h)) out.push({ kind: 'module-host-allowed', message: `allows modules from ${h}`, path: ['modules', 'allowedHosts', { item: h }] });
  out.push(...auditPinLoosened(base, head));
  out.push(...governanceLoosened(base, head));
  return out;
}

/**
 * `controls:` removed stops the governance rules; a waiver (`controls.<id>.ignore`) added, or kept in
 * force longer, takes a governance finding out of the gate.
 */
function governanceLoosened(base: Config, head: Config): Weakening[] {
  if (!base.controls) return [];
  if (!head.controls) return [{ kind: 'controls-removed', message: 'removes controls: the governance rules (TG-GOV) no longer run, so missing, unowned or overdue controls are no longer reported', path: [] }];
  const out: Weakening[] = [];
  const before = new Map(base.controls.entries.map((e) => [e.id, e]));
  for (const e of head.controls.entries) {
    for (const w of e.ignore ?? []) {
      if (w.invalid) continue; // it waives nothing
      for (const id of w.ruleIds) {
        const prior = (before.get(e.id)?.ignore ?? []).filter((p) => !p.invalid && p.ruleIds.includes(id));
        // Never-expiring beats any date; a later date extends.
        const covered = prior.some((p) => !p.expires || (!!w.expires && w.expires <= p.expires));
        if (covered) continue;
        const until = w.expires ? `until ${w.expires}` : 'with no expiry';
        out.push({ kind: 'governance-waived', message: `waives ${id} for control "${e.id}" ${until}${prior.length ? ' (extended)' : ''} ("${w.reason}"): that finding no longer fails the gate`, path: ['controls', e.id, 'ignore'] });
      }
    }
  }
  return out;
}

/**
 * `audit.ruleset` shadows the rules introduced after the pinned version: pinning where the base did
 * not, pinning an older version, or keeping the pin in force longer (a later window end) takes rules
 * out of the gate.
 */
function auditPinLoosened(base: Config, head: Config): Weakening[] {
  const hr = head.audit?.ruleset;
  if (!hr) return [];
  const br = base.audit?.ruleset;
  const hv = pinnedVersion(hr);
  const bv = br ? pinnedVersion(br) : undefined;
  if (!br) return [{ kind: 'audit-pin-loosened', message: `pins the ruleset to ${hr}: rules introduced after ${hv ?? hr} run in shadow mode and no longer fail the gate`, path: ['audit', 'ruleset'] }];
  if (hv && bv && compareVersions(hv, bv) < 0) return [{ kind: 'audit-pin-loosened', message: `moves the ruleset pin back from ${bv} to ${hv}: rules introduced after ${hv} no longer fail the gate`, path: ['audit', 'ruleset'] }];
  const bt = base.audit?.window?.to;
  const ht = head.audit?.window?.to;
  if (bt && (!ht || ht > bt)) return [{ kind: 'audit-pin-loosened', message: `keeps the ruleset pin in force ${ht ? `until ${ht} instead of ${bt}` : `with no end (it ended ${bt})`}: newer rules stay out of the gate longer`, path: ht ? ['audit', 'window', 'to'] : ['audit'] }];
  return [];
}
