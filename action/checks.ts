// A check run with every annotation, through the Checks API, which takes at most 50 annotations per
// request: create with the first 50, append the rest 50 at a time, then complete. Needs
// `permissions: checks: write`; a 403 is reported to the caller, which carries on without it.
import type { Classified } from './classify.js';
import { annotationMessage, annotationTitle, bySeverity, LEVEL, type ExceptionAnnotation } from './annotate.js';
import type { GitHubApi } from '../core/github.js';

export const BATCH = 50;
/** Annotations sent at most (GitHub accepts many more; a page of the PR cannot show them usefully). */
export const MAX_CHECK_ANNOTATIONS = 1000;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

const API_LEVEL = { error: 'failure', warning: 'warning', notice: 'notice' } as const;

export function toCheckAnnotations(items: Classified[], redact: (s: string) => string): CheckAnnotation[] {
  return items
    .filter((c) => c.status === 'new')
    .sort(bySeverity)
    .slice(0, MAX_CHECK_ANNOTATIONS)
    .map((c) => {
      const l = c.finding.location;
      const same = l.startLine === l.endLine;
      return {
        path: c.file,
        start_line: l.startLine,
        end_line: Math.max(l.startLine, l.endLine),
        ...(same ? { start_column: l.startColumn, end_column: Math.max(l.startColumn, l.endColumn) } : {}),
        annotation_level: API_LEVEL[LEVEL[c.finding.severity]],
        title: annotationTitle(c),
        message: annotationMessage(c, redact).slice(0, 64000),
      };
    });
}

export function exceptionCheckAnnotation(e: ExceptionAnnotation): CheckAnnotation {
  return { path: e.file, start_line: e.startLine, end_line: Math.max(e.startLine, e.endLine), annotation_level: 'warning', title: e.title, message: e.message.slice(0, 64000) };
}

export interface CheckRunRequest {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  /** Markdown, at most 65,535 characters. */
  summary: string;
  annotations: CheckAnnotation[];
  detailsUrl?: string;
}

/** Replace a check run's title and summary (its annotations stay). */
export async function updateCheckRunOutput(api: GitHubApi, id: number, title: string, summary: string): Promise<void> {
  await api.request('PATCH', `${api.repoPath}/check-runs/${id}`, { output: { title: title.slice(0, 255), summary: summary.slice(0, 65535) } });
}

export async function publishCheckRun(api: GitHubApi, req: CheckRunRequest): Promise<{ id: number; requests: number }> {
  const output = (annotations: CheckAnnotation[]) => ({ title: req.title.slice(0, 255), summary: req.summary.slice(0, 65535), annotations });
  const { data } = await api.request<{ id: number }>('POST', `${api.repoPath}/check-runs`, {
    name: req.name,
    head_sha: req.headSha,
    status: 'in_progress',
    ...(req.detailsUrl ? { details_url: req.detailsUrl } : {}),
    output: output(req.annotations.slice(0, BATCH)),
  });
  let requests = 1;
  for (let i = BATCH; i < req.annotations.length; i += BATCH) {
    await api.request('PATCH', `${api.repoPath}/check-runs/${data.id}`, { output: output(req.annotations.slice(i, i + BATCH)) });
    requests++;
  }
  await api.request('PATCH', `${api.repoPath}/check-runs/${data.id}`, {
    status: 'completed',
    conclusion: req.conclusion,
    output: output([]),
  });
  return { id: Number(data.id), requests: requests + 1 };
}
