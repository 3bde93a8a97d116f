// The Action's inputs (action.yml), read and validated once. core.getInput does not apply action.yml
// defaults: the runner sets INPUT_* from them, so an empty value here means "not given".
import * as core from '@actions/core';
import { SEVERITIES, type Severity } from '../core/types.js';

export type Scope = 'changed-lines' | 'changed-files' | 'all';
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
  /** Workflow-command annotations to emit at most (GitHub shows 10 per level per step). */
  annotations: number;
  comment: boolean;
  checkRun: boolean;
  token: string;
  /** Compare with a scan of the base commit when it is in the checkout. */
  baseline: boolean;
  /** Fetch registry/git/archive modules before scanning; default: on GitHub-hosted runners (they have network). */
  downloadModules: boolean;
}

export class InputError extends Error {}

export type GetInput = (name: string) => string;
const fromCore: GetInput = (name) => core.getInput(name);

function bool(name: string, raw: string, dflt: boolean): boolean {
  const v = raw.trim().toLowerCase();
  if (v === '') return dflt;
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new InputError(`input ${name} must be true or false, not "${raw}"`);
}

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
  const annRaw = (get('annotations') || '30').trim();
  const annotations = Number(annRaw);
  if (!Number.isInteger(annotations) || annotations < 0) throw new InputError(`input annotations must be a whole number ≥ 0 (got "${annRaw}")`);
  return {
    path: get('path').trim() || '.',
    config: get('config').trim() || undefined,
    failOn: failOnRaw as Severity | 'none',
    scope,
    sarifFile: get('sarif-file').trim() || undefined,
    annotations,
    comment: bool('comment', get('comment'), true),
    checkRun: bool('check-run', get('check-run'), true),
    token: get('github-token').trim(),
    baseline: bool('baseline', get('baseline'), true),
    downloadModules: bool('download-modules', get('download-modules'), env.RUNNER_ENVIRONMENT === 'github-hosted'),
  };
}
