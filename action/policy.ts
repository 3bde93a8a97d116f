// Policy from the trusted side (issue 16): on a pull request the gate applies the base commit's
// .trustgate.yml, read from the base tree that git plumbing materialised (or, when the base commit is
// not in the checkout, through the Contents API at the base commit). The head's config is a proposed
// change; the change rules compare it with the base policy (TG-CFG-001) and compare each workflow
// that runs the Action (TG-CFG-002).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { runChangeRules, type ChangePair } from '../core/change.js';
import { CONFIG_NAMES, ConfigError, defaultConfig, findConfig, parseConfig, type Config } from '../core/config.js';
import type { GitHubApi } from '../core/github.js';
import type { Rule } from '../core/rule.js';
import type { Finding } from '../core/types.js';
import type { ActionInputs } from './inputs.js';

export interface ConfigFile {
  /** Path relative to the repository workspace, with forward slashes. */
  rel: string;
  src: string;
}

export interface PolicyResolution {
  /** The policy the scan applies. */
  config: Config;
  /** Where it came from, in words for the summary. */
  source: string;
  base?: ConfigFile;
  head?: ConfigFile;
  /** The base policy could be read (from the tree or the API). */
  baseKnown: boolean;
}

const toPosix = (p: string) => p.split(sep).join('/');

/** The config file of a tree rooted at `root`: the `config` input, else found upward from `path` (never above root). */
function configIn(root: string, inputs: ActionInputs): ConfigFile | undefined {
  const p = inputs.config ? resolve(root, inputs.config) : findConfig(resolve(root, inputs.path), root);
  if (!p || !existsSync(p)) return undefined;
  return { rel: toPosix(relative(root, p)), src: readFileSync(p, 'utf8') };
}

/** Candidate config paths for the base when only the API can read it: the same search as configIn. */
function candidates(inputs: ActionInputs): string[] {
  if (inputs.config) return [posix.normalize(toPosix(inputs.config))];
  const out: string[] = [];
  let d = posix.normalize(toPosix(inputs.path));
  for (let i = 0; i < 32; i++) {
    for (const n of CONFIG_NAMES) out.push(d === '.' || d === '' ? n : `${d}/${n}`);
    if (d === '.' || d === '' || d === '/') break;
    d = posix.dirname(d);
  }
  return out.filter((p) => !p.startsWith('../'));
}

async function configViaApi(api: GitHubApi, sha: string, inputs: ActionInputs): Promise<ConfigFile | undefined | 'unavailable'> {
  for (const rel of candidates(inputs)) {
    try {
      const r = await api.request<{ type?: string; encoding?: string; content?: string }>('GET', `${api.repoPath}/contents/${rel.split('/').map(encodeURIComponent).join('/')}?ref=${sha}`);
      if (r.data.type === 'file' && r.data.encoding === 'base64' && typeof r.data.content === 'string') return { rel, src: Buffer.from(r.data.content, 'base64').toString('utf8') };
    } catch (e) {
      if ((e as { status?: number }).status === 404) continue;
      return 'unavailable';
    }
  }
  return undefined;
}

const load = (f: ConfigFile | undefined, root: string, rules: readonly Rule[]): Config => (f ? parseConfig(f.src, join(root, f.rel), rules) : defaultConfig());

export async function resolvePolicy(o: {
  workspace: string;
  inputs: ActionInputs;
  rules: Rule[];
  /** The base tree (materialised), when a pull request's base commit is in the checkout. */
  baseDir?: string;
  baseSha?: string;
  api?: GitHubApi;
  isPullRequest: boolean;
  notes: string[];
}): Promise<PolicyResolution> {
  const head = configIn(o.workspace, o.inputs);
  if (!o.isPullRequest || o.inputs.configSource === 'head') {
    return { config: load(head, o.workspace, o.rules), source: head ? `${head.rel} (head)` : 'built-in defaults', head, baseKnown: false };
  }
  let base: ConfigFile | undefined;
  let known = false;
  if (o.baseDir) {
    base = configIn(o.baseDir, o.inputs);
    known = true;
  } else if (o.api && o.baseSha) {
    const r = await configViaApi(o.api, o.baseSha, o.inputs);
    if (r !== 'unavailable') {
      base = r;
      known = true;
    }
  }
  if (!known) {
    // Fail closed: the built-in policy (every rule, default severities), never the head's own.
    o.notes.push(`The base commit's policy could not be read (the base commit is not in the checkout and the API could not read it): the built-in policy was applied and policy changes could not be compared. Use actions/checkout with fetch-depth: 0.`);
    return { config: defaultConfig(), source: 'built-in defaults (base policy unavailable)', head, baseKnown: false };
  }
  let config: Config;
  try {
    config = load(base, o.workspace, o.rules);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // The policy in force is broken: fail closed as the CLI would, but say where.
    throw new ConfigError(`the base commit's policy is invalid: ${e.message}`, base?.rel, e.line);
  }
  return { config, source: base ? `${base.rel} (base commit)` : 'built-in defaults (no config in the base commit)', base, head, baseKnown: true };
}

/** TG-CFG-001 on the effective config pair, when the head's differs from the base's. */
export function policyFindings(p: PolicyResolution, workspace: string, rules: Rule[]): Finding[] {
  if (!p.baseKnown) return [];
  if (p.base?.rel === p.head?.rel && p.base?.src === p.head?.src) return [];
  const pair: ChangePair = {
    base: p.base && { file: join(workspace, p.base.rel), src: p.base.src },
    head: p.head && { file: join(workspace, p.head.rel), src: p.head.src },
  };
  return runChangeRules(rules, 'policy', [pair], p.config);
}

function workflowFiles(root: string): Map<string, string> {
  const dir = join(root, '.github', 'workflows');
  const out = new Map<string, string>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) if (/\.ya?ml$/i.test(n)) {
    try {
      out.set(`.github/workflows/${n}`, readFileSync(join(dir, n), 'utf8'));
    } catch {
      /* unreadable: the scan reports it */
    }
  }
  return out;
}

/** TG-CFG-002 on every workflow of the base that the head changed or deleted. */
export function workflowChangeFindings(baseDir: string, workspace: string, rules: Rule[], policy: Config): Finding[] {
  const base = workflowFiles(baseDir);
  const head = workflowFiles(workspace);
  const pairs: ChangePair[] = [];
  for (const [rel, src] of base) {
    const h = head.get(rel);
    if (h === src) continue;
    const file = join(workspace, rel);
    pairs.push({ base: { file, src }, head: h === undefined ? undefined : { file, src: h } });
  }
  return runChangeRules(rules, 'workflow', pairs, policy);
}

