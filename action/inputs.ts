// The Action's inputs (action.yml), read and validated once. core.getInput does not apply action.yml
// defaults: the runner sets INPUT_* from them, so an empty value here means "not given".
import * as core from '@actions/core';
import { parsePersona } from '../core/config.js';
import { SEVERITIES, type Persona, type Severity } from '../core/types.js';

export type Scope = 'changed-lines' | 'changed-files' | 'all';
export const ANNOTATION_CHANNELS = ['check-run', 'workflow-commands', 'none'] as const;
export type AnnotationChannel = (typeof ANNOTATION_CHANNELS)[number];
export const SCOPES: readonly Scope[] = ['changed-lines', 'changed-files', 'all'];

export interface ActionInputs {
  /** Path to scan, relative to the workspace. */
  path: string;
  /** .trustgate.yml to use (relative to the workspace); undefined: looked up from `path`. */
  config?: string;
  failOn: Severity | 'none';
  /** `auto` (the default) is resolved: changed-lines on pull_request events, all otherwise. */
  scope: Scope;
  /** Where to write the SARIF report; undefined: $RUNNER_TEMP/trustgate.sarif. */
  sarifFile?: string;
  /**
   * Where findings are annotated on the diff, one channel per finding: the check run, workflow
   * commands, or none; `auto` = the check run when it can be created, workflow commands otherwise.
   */
  annotations: AnnotationChannel | 'auto';
  /** Workflow-command annotations to emit at most (GitHub shows 10 per level per step). */
  maxAnnotations: number;
  comment: boolean;
  checkRun: boolean;
  token: string;
  /** Compare with a scan of the base commit when it is in the checkout. */
  baseline: boolean;
  /** Which rules run; undefined: the config's `persona` (default regular). */
  persona?: Persona;
  /** Incomplete criteria and unresolved module calls fail the run (the strict gate). */
  failOnIncomplete: boolean;
  /** Whose .trustgate.yml decides: the base commit's (default on pull requests) or the head's. */
  configSource: 'base' | 'head';
  /** A changed file in scope that could not be scanned fails the run (default on pull requests). */
  failOnUnscanned: boolean;
  /** New or extended suppressions need an approving review by someone other than the author. */
  exceptionsNeedApproval: boolean;
  /** Write the CC8.1 evidence record. */
  evidence: boolean;
  /** Write the SOC 2 readiness report (HTML) and upload it as an artifact. */
  report: boolean;
  /** Fetch registry/git/archive modules before scanning; default: on GitHub-hosted runners (they have network). */
  downloadModules: boolean;
}

export class InputError extends Error {}

export type GetInput = (name: string) => string;
const fromCore: GetInput = (name) => core.getInput(name);

/**
 * A boolean input as core.getBooleanInput reads it (YAML 1.2 core schema: true | True | TRUE | false |
 * False | FALSE), with a default when empty. Anything else (yes, no, on, 1) is an error rather than a
 * guess: `evidence: no` must not mean yes.
 */
export function boolInput(name: string, raw: string, dflt: boolean): boolean {
  const v = raw.trim();
  if (v === '') return dflt;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new InputError(`input ${name} must be true or false (YAML 1.2 core booleans), not "${raw}"`);
}
const bool = boolInput;

export function readInputs(isPullRequest: boolean, get: GetInput = fromCore, env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const failOnRaw = (get('fail-on') || 'high').trim().toLowerCase();
  if (failOnRaw !== 'none' && !(SEVERITIES as readonly string[]).includes(failOnRaw)) {
    throw new InputError(`input fail-on must be one of ${SEVERITIES.join(', ')}, none (got "${failOnRaw}")`);
  }
  const scopeRaw = (get('scope') || 'auto').trim().toLowerCase();
  let scope: Scope;
  if (scopeRaw === 'auto') scope = isPullRequest ? 'changed-lines' : 'all';
  else if ((SCOPES as readonly string[]).includes(scopeRaw)) scope = scopeRaw as Scope;
  else throw new InputError(`input scope must be one of ${SCOPES.join(', ')} or auto (got "${scopeRaw}")`);
  const { annotations, maxAnnotations } = annotationInputs(get('annotations'), get('max-annotations'));
  const checkRun = bool('check-run', get('check-run'), true);
  if (annotations === 'check-run' && !checkRun) throw new InputError('input annotations is check-run but check-run is false: the annotations would have nowhere to go');
  return {
    path: get('path').trim() || '.',
    config: get('config').trim() || undefined,
    failOn: failOnRaw as Severity | 'none',
    scope,
    sarifFile: get('sarif-file').trim() || undefined,
    annotations,
    maxAnnotations,
    comment: bool('comment', get('comment'), true),
    checkRun,
    token: get('github-token').trim(),
    baseline: bool('baseline', get('baseline'), true),
    persona: get('persona').trim() ? parsePersona(get('persona'), (m) => new InputError(`input persona ${m}`)) : undefined,
    failOnIncomplete: bool('fail-on-incomplete', get('fail-on-incomplete'), false),
    configSource: configSource(get('config-source'), isPullRequest),
    failOnUnscanned: bool('fail-on-unscanned', get('fail-on-unscanned'), isPullRequest),
    exceptionsNeedApproval: bool('exceptions-need-approval', get('exceptions-need-approval'), false),
    evidence: bool('evidence', get('evidence'), true),
    report: bool('report', get('report'), false),
    downloadModules: bool('download-modules', get('download-modules'), env.RUNNER_ENVIRONMENT === 'github-hosted'),
  };
}

function annotationInputs(channelRaw: string, maxRaw: string): Pick<ActionInputs, 'annotations' | 'maxAnnotations'> {
  const whole = (name: string, v: string) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new InputError(`input ${name} must be a whole number ≥ 0 (got "${v}")`);
    return n;
  };
  const channel = channelRaw.trim().toLowerCase() || 'auto';
  const max = maxRaw.trim() ? whole('max-annotations', maxRaw.trim()) : 30;
  // Before 0.2 `annotations` was the count: a number still means that, with the default channel.
  if (/^\d+$/.test(channel)) return { annotations: 'auto', maxAnnotations: whole('annotations', channel) };
  if (channel !== 'auto' && !(ANNOTATION_CHANNELS as readonly string[]).includes(channel))
    throw new InputError(`input annotations must be one of auto, ${ANNOTATION_CHANNELS.join(', ')} (got "${channelRaw}")`);
  return { annotations: channel as AnnotationChannel | 'auto', maxAnnotations: max };
}

function configSource(raw: string, isPullRequest: boolean): 'base' | 'head' {
  const v = raw.trim().toLowerCase() || 'auto';
  if (v === 'auto') return isPullRequest ? 'base' : 'head';
  if (v === 'base' || v === 'head') return v;
  throw new InputError(`input config-source must be base, head or auto (got "${raw}")`);
}
