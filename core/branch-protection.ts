// The protection in force on a branch, as the API shows it: classic branch protection (needs
// Administration: read, which a workflow's GITHUB_TOKEN cannot be granted) and the rulesets whose
// rules apply to the branch (readable with Metadata: read), each ruleset read once more for its name,
// enforcement and bypass actors. The one reader for the evidence record, the population report and
// the org scan. What the token cannot read is recorded as unreadable with why, never as "unprotected".
import { GitHubError, readDenied, type GitHubApi } from './github.js';
import type { ClassicProtection, ProtectionSnapshot, RulesetInForce, Unreadable } from './evidence/types.js';

interface ApiClassic {
  required_pull_request_reviews?: {
    required_approving_review_count?: number;
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
    require_last_push_approval?: boolean;
    bypass_pull_request_allowances?: { users?: { login: string }[]; teams?: { slug: string }[]; apps?: { slug: string }[] };
  };
  required_status_checks?: { contexts?: string[]; checks?: { context: string }[] } | null;
  enforce_admins?: { enabled?: boolean } | null;
}
interface ApiBranchRule {
  type: string;
  ruleset_id?: number;
  ruleset_source_type?: string;
  ruleset_source?: string;
  parameters?: {
    required_approving_review_count?: number;
    dismiss_stale_reviews_on_push?: boolean;
    require_code_owner_review?: boolean;
    require_last_push_approval?: boolean;
    required_status_checks?: { context: string }[];
  };
}
interface ApiRuleset {
  name?: string;
  enforcement?: string;
  source_type?: string;
  source?: string;
  bypass_actors?: { actor_id?: number | null; actor_type?: string; bypass_mode?: string }[];
}

/** At most this many rulesets are read one by one (names, bypass actors); more is unusual. */
const MAX_RULESETS = 20;

function unreadable(e: unknown, hint = ''): Unreadable {
  if (e instanceof GitHubError) {
    const said = /: \d{3} (.*)$/.exec(e.message)?.[1] ?? e.message;
    const why = e.rateLimited ? `rate limited (${said})` : readDenied(e) ? `the token cannot read it (${e.status} ${said})${hint}` : `the API failed (${e.status} ${said})`;
    return { unavailable: why, status: e.status };
  }
  return { unavailable: `could not be read: ${(e as Error).message}` };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

async function readClassic(api: GitHubApi, b: string): Promise<ClassicProtection | Unreadable> {
  try {
    const p = await api.get<ApiClassic>(`${api.repoPath}/branches/${b}/protection`);
    const r = p.required_pull_request_reviews;
    const by = r?.bypass_pull_request_allowances;
    const checks = [...(p.required_status_checks?.contexts ?? []), ...(p.required_status_checks?.checks ?? []).map((x) => x.context)].map(String);
    return {
      protected: true,
      requiredApprovingReviews: num(r?.required_approving_review_count),
      dismissStaleReviews: !!r?.dismiss_stale_reviews,
      requireCodeOwnerReview: !!r?.require_code_owner_reviews,
      requireLastPushApproval: !!r?.require_last_push_approval,
      requiredChecks: [...new Set(checks)].sort(),
      enforceAdmins: !!p.enforce_admins?.enabled,
      reviewBypass: [...(by?.users ?? []).map((u) => u.login), ...(by?.teams ?? []).map((t) => `team:${t.slug}`), ...(by?.apps ?? []).map((a) => `app:${a.slug}`)].sort(),
    };
  } catch (e) {
    // 404 "Branch not protected" is an answer; any other 404 means the token cannot see the branch.
    if (e instanceof GitHubError && e.status === 404 && /not protected/i.test(e.message))
      return { protected: false, requiredApprovingReviews: 0, dismissStaleReviews: false, requireCodeOwnerReview: false, requireLastPushApproval: false, requiredChecks: [], enforceAdmins: false, reviewBypass: [] };
    return unreadable(e, '; classic branch protection needs Administration: read, which a workflow GITHUB_TOKEN cannot be granted');
  }
}

async function readRulesets(api: GitHubApi, b: string): Promise<RulesetInForce[] | Unreadable> {
  let rules: ApiBranchRule[];
  try {
    rules = await api.paginate<ApiBranchRule>(`${api.repoPath}/rules/branches/${b}`);
  } catch (e) {
    return unreadable(e);
  }
  const byId = new Map<number | null, ApiBranchRule[]>();
  for (const r of Array.isArray(rules) ? rules : []) {
    const id = typeof r.ruleset_id === 'number' ? r.ruleset_id : null;
    byId.set(id, [...(byId.get(id) ?? []), r]);
  }
  const out: RulesetInForce[] = [];
  let read = 0;
  for (const [id, rs] of byId) {
    const pr = rs.find((r) => r.type === 'pull_request')?.parameters;
    const checks = rs.filter((r) => r.type === 'required_status_checks').flatMap((r) => (r.parameters?.required_status_checks ?? []).map((c) => String(c.context)));
    let meta: ApiRuleset | Unreadable | undefined;
    if (id !== null && read++ < MAX_RULESETS) {
      try {
        meta = await api.get<ApiRuleset>(`${api.repoPath}/rulesets/${id}?includes_parents=true`);
      } catch (e) {
        meta = unreadable(e);
      }
    }
    const m = meta && !('unavailable' in meta) ? meta : undefined;
    const bypass: RulesetInForce['bypassActors'] =
      meta && 'unavailable' in meta
        ? { unavailable: `the ruleset could not be read: ${meta.unavailable}`, ...(meta.status ? { status: meta.status } : {}) }
        : !m
          ? { unavailable: id === null ? 'the API did not say which ruleset the rules come from' : `not read: more than ${MAX_RULESETS} rulesets apply` }
          : Array.isArray(m.bypass_actors)
            ? m.bypass_actors.map((a) => ({ actorType: String(a.actor_type ?? 'unknown'), actorId: typeof a.actor_id === 'number' ? a.actor_id : null, bypassMode: String(a.bypass_mode ?? 'always') }))
            : { unavailable: 'not shown to this token: the API lists bypass actors only to those who can edit the ruleset' };
    out.push({
      id,
      name: m?.name ?? null,
      enforcement: m?.enforcement ?? null,
      sourceType: m?.source_type ?? rs[0].ruleset_source_type ?? null,
      source: m?.source ?? rs[0].ruleset_source ?? null,
      requiredApprovingReviews: num(pr?.required_approving_review_count),
      dismissStaleReviews: !!pr?.dismiss_stale_reviews_on_push,
      requireCodeOwnerReview: !!pr?.require_code_owner_review,
      requireLastPushApproval: !!pr?.require_last_push_approval,
      requiredChecks: [...new Set(checks)].sort(),
      bypassActors: bypass,
    });
  }
  return out.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

/** The snapshot's headline figures from its sources: the stricter review count, every check, and whether both were read. */
export function protectionFigures(classic: ProtectionSnapshot['classic'], rulesets: ProtectionSnapshot['rulesets']): Pick<ProtectionSnapshot, 'requiredApprovingReviews' | 'requiredChecks' | 'complete'> {
  const sources = [...('unavailable' in classic ? [] : [classic]), ...(Array.isArray(rulesets) ? rulesets : [])];
  return {
    requiredApprovingReviews: Math.max(0, ...sources.map((s) => s.requiredApprovingReviews)),
    requiredChecks: [...new Set(sources.flatMap((s) => s.requiredChecks))].sort(),
    complete: !('unavailable' in classic) && Array.isArray(rulesets),
  };
}

export async function readBranchProtection(api: GitHubApi, branch: string): Promise<ProtectionSnapshot> {
  const b = encodeURIComponent(branch);
  const [classic, rulesets] = await Promise.all([readClassic(api, b), readRulesets(api, b)]);
  return { branch, ...protectionFigures(classic, rulesets), classic, rulesets };
}

/** Required status checks, or 'unavailable' when neither classic protection nor the rulesets could be read. */
export function requiredChecksOf(p: ProtectionSnapshot): string[] | 'unavailable' {
  return 'unavailable' in p.classic && !Array.isArray(p.rulesets) ? 'unavailable' : p.requiredChecks;
}

/** Required approving reviews, or 'unknown' when neither source could be read. */
export function requiredReviewsOf(p: ProtectionSnapshot): number | 'unknown' {
  return 'unavailable' in p.classic && !Array.isArray(p.rulesets) ? 'unknown' : p.requiredApprovingReviews;
}
