// The GitHub provider (TG-GH-*): classic branch protections and rulesets normalised to one shape
// (Protection), their link to a repository, organization rulesets' repository patterns, and
// production-like environment names.
import { fail, indeterminate } from '../../../core/rule.js';
import type { CheckResult } from '../../../core/types.js';
import type { TfBody, TfModule, TfResource } from '../../../core/terraform/model.js';
import { asList, asString, isUnknown, type Value } from '../../../core/terraform/values.js';

const BP_TYPES = ['github_branch_protection', 'github_branch_protection_v3'] as const;
const RULESET_TYPES = ['github_repository_ruleset', 'github_organization_ruleset'] as const;
/** Every resource type that protects a branch (what the branch-protection rules inspect). */
export const PROTECTION_TYPES: string[] = [...BP_TYPES, ...RULESET_TYPES];

/** A classic branch protection or a ruleset, with the provider's field names mapped to one vocabulary. */
export interface Protection {
  res: TfResource;
  kind: 'classic' | 'classic-v3' | 'ruleset' | 'org-ruleset';
  /** Human label for messages: `github_branch_protection.main`. */
  label: string;
  /** The pull-request review settings body (classic: required_pull_request_reviews; ruleset: rules.pull_request). */
  reviews?: TfBody;
  /** Rulesets: the `rules` block. */
  rules?: TfBody;
  /** Attribute names in `reviews`. */
  f: { count: string; stale: string; codeOwners: string; lastPush: string };
  /** Default of required_approving_review_count when the reviews block exists but omits it. */
  countDefault: number;
}

const CLASSIC_F = { count: 'required_approving_review_count', stale: 'dismiss_stale_reviews', codeOwners: 'require_code_owner_reviews', lastPush: 'require_last_push_approval' };
const RULESET_F = { count: 'required_approving_review_count', stale: 'dismiss_stale_reviews_on_push', codeOwners: 'require_code_owner_review', lastPush: 'require_last_push_approval' };

function protectionOf(r: TfResource): Protection {
  const label = `${r.resourceType}.${r.name}`;
  if (r.resourceType === 'github_branch_protection' || r.resourceType === 'github_branch_protection_v3') {
    return {
      res: r,
      kind: r.resourceType === 'github_branch_protection' ? 'classic' : 'classic-v3',
      label,
      reviews: r.block1('required_pull_request_reviews'),
      f: CLASSIC_F,
      countDefault: 1,
    };
  }
  const rules = r.block1('rules');
  return { res: r, kind: r.resourceType === 'github_repository_ruleset' ? 'ruleset' : 'org-ruleset', label, rules, reviews: rules?.block1('pull_request'), f: RULESET_F, countDefault: 0 };
}

/**
 * Whether a ruleset is in force on branches: target "branch" and enforcement "active".
 * Returns an Unknown-reason string when that cannot be known.
 */
export function rulesetActive(r: TfResource): boolean | string {
  const t = r.attr('target');
  const e = r.attr('enforcement');
  const tv = t ? asString(t.value) : 'branch';
  const ev = e ? asString(e.value) : undefined;
  if (isUnknown(tv)) return `target: ${tv.reason}`;
  if (isUnknown(ev)) return `enforcement: ${ev.reason}`;
  return tv === 'branch' && ev === 'active';
}

/** All branch protections and branch rulesets in force (unknown enforcement counts: other rules will be indeterminate). */
export function protections(m: TfModule): Protection[] {
  const out: Protection[] = [];
  for (const r of m.resourcesOf(...BP_TYPES)) out.push(protectionOf(r));
  for (const r of m.resourcesOf(...RULESET_TYPES)) if (rulesetActive(r) !== false) out.push(protectionOf(r));
  return out;
}

/** The attribute that links a protection to its repository. */
function repoAttr(r: TfResource): string | undefined {
  switch (r.resourceType) {
    case 'github_branch_protection':
      return 'repository_id';
    case 'github_branch_protection_v3':
    case 'github_repository_ruleset':
    case 'github_repository_environment':
    case 'github_actions_repository_permissions':
    case 'github_workflow_repository_permissions':
    case 'github_repository_dependabot_security_updates':
      return 'repository';
  }
  return undefined;
}

/**
 * A key naming the repository a resource belongs to: the referenced `github_repository.x` address, or
 * the literal name. Undefined when it cannot be told.
 */
function repoKey(m: TfModule, r: TfResource): string | undefined {
  const attr = repoAttr(r);
  if (!attr) return undefined;
  const refs = [...r.references(attr)].filter((x) => x.startsWith('github_repository.'));
  if (refs.length === 1) return refs[0];
  const v = r.attr(attr)?.value;
  if (typeof v === 'string' && v) {
    const repo = m.resourcesOf('github_repository').find((x) => x.attr('name')?.value === v);
    return repo ? `github_repository.${repo.name}` : `name:${v}`;
  }
  return undefined;
}

/** A glob as GitHub's fnmatch-style repository patterns (`*` any run, `?` one char), matched linearly. */
export function globMatch(pattern: string, s: string): boolean {
  let p = 0;
  let i = 0;
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === s[i])) {
      p++;
      i++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = i;
    } else if (star >= 0) {
      p = star + 1;
      i = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Does an organization ruleset cover a repository of this name? true / false / a reason it cannot be told.
 */
export function orgRulesetCovers(r: TfResource, repoName: Value | undefined): boolean | string {
  const cond = r.block1('conditions');
  if (!cond) return false;
  if (cond.get('repository_id')) {
    return 'the ruleset selects repositories by id';
  }
  const rn = cond.block1('repository_name');
  if (!rn) return false;
  const inc = asList(rn.value('include') ?? []);
  const exc = asList(rn.value('exclude') ?? []);
  if (isUnknown(inc)) return `repository_name.include: ${inc.reason}`;
  if (isUnknown(exc)) return `repository_name.exclude: ${exc.reason}`;
  if (inc?.includes('~ALL') && !(exc?.length ?? 0)) return true;
  if (typeof repoName !== 'string') return 'the repository name is not known';
  const hit = (l: Value[] | undefined) => (l ?? []).some((p) => typeof p === 'string' && (p === '~ALL' || globMatch(p, repoName)));
  if (isUnknown(repoName)) return 'the repository name is not known';
  return hit(inc) && !hit(exc);
}

/** Rulesets of the same repository (rules may be split across several rulesets that all apply). */
function rulesetGroups(m: TfModule, ps: Protection[]): Protection[][] {
  const groups = new Map<string, Protection[]>();
  let n = 0;
  for (const p of ps) {
    if (p.kind !== 'ruleset') continue;
    const k = repoKey(m, p.res) ?? `?${n++}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()];
}

/** Repository keys that have a classic branch protection (their rulesets need not carry every rule). */
function classicKeys(m: TfModule, ps: Protection[]): Set<string> {
  const s = new Set<string>();
  for (const p of ps) if (p.kind === 'classic' || p.kind === 'classic-v3') {
    const k = repoKey(m, p.res);
    if (k) s.add(k);
  }
  return s;
}

/**
 * Rulesets layer: a rule present in any active ruleset of a repository applies. For each repository
 * whose rulesets (and no classic protection) lack the rule, yields a finding at the first ruleset.
 * `has` returns true, false, or an Unknown reason.
 */
export function* rulesetGroupRequire(
  m: TfModule,
  ps: Protection[],
  has: (p: Protection) => boolean | string,
  message: (p: Protection) => string,
): Generator<CheckResult> {
  const classic = classicKeys(m, ps);
  for (const g of rulesetGroups(m, ps)) {
    const k = repoKey(m, g[0].res);
    if (k && classic.has(k)) continue;
    if (g.some((p) => p.res.hasError)) continue;
    const states = g.map(has);
    if (states.some((s) => s === true)) continue;
    const u = states.findIndex((s) => typeof s === 'string');
    if (u >= 0) {
      yield indeterminate(g[u].res.headerLoc, String(states[u]));
      continue;
    }
    yield fail(g[0].res.headerLoc, message(g[0]), { related: g.slice(1).map((p) => ({ message: 'another ruleset of the same repository', location: p.res.headerLoc })) });
  }
}

export const protName = (p: Protection): string => {
  const pat = p.res.attr(p.kind === 'classic' ? 'pattern' : p.kind === 'classic-v3' ? 'branch' : 'name')?.value;
  return typeof pat === 'string' ? `${p.label} ("${pat}")` : p.label;
};

/** Environment names treated as production-like (whole words of the name, case-insensitive). */
export const PROD_WORDS = ['prod', 'production', 'prd', 'live'];

/** true / false / an Unknown reason: is this environment name production-like? */
export function isProdEnv(name: Value | undefined, words: readonly string[]): boolean | string {
  if (isUnknown(name)) return `environment: ${name.reason}`;
  if (typeof name !== 'string') return false;
  const toks = name.toLowerCase().split(/[^a-z0-9]+/);
  const ws = words.map((w) => w.toLowerCase());
  return toks.some((t) => ws.includes(t));
}
