// The Action's readiness-report step (input `report: true`): the SOC 2 readiness report of this run's
// scan as one self-contained HTML file, written under $RUNNER_TEMP (output `report-file`), uploaded as
// a workflow artifact when the runner's artifact service is available, and summarised with its score
// in the job summary. The artifact service (ACTIONS_RUNTIME_TOKEN/ACTIONS_RESULTS_URL) exists only on
// a real runner: elsewhere the file and the output are the deliverable, and a notice says so.
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGovernance } from '../core/governance/model.js';
import { buildReadiness } from '../core/readiness/model.js';
import { toReadinessHtml } from '../core/readiness/html.js';
import { repoInfo } from '../core/readiness/repo.js';
import { escapeMarkdown } from '../core/report/escape.js';
import { ruleMeta } from '../core/rule.js';
import { writeFileSafe } from '../core/safe-write.js';
import { today } from '../core/suppress.js';
import { ALL_RULES } from '../rules/index.js';
import { CONTROL_CATALOGUE } from '../rules/governance/_lib/catalogue.js';
import { uploadWithActionsArtifact } from './evidence.js';
import type { RunContext, Step } from './main.js';

export const ARTIFACT_NAME = 'trustgate-readiness-report';

export function reportStep(upload: (name: string, file: string, dir: string) => Promise<void> = uploadWithActionsArtifact, env: NodeJS.ProcessEnv = process.env): Step {
  return async (ctx: RunContext) => {
    if (!ctx.inputs.report) return;
    const report = buildReadiness({
      result: ctx.result,
      rules: ALL_RULES.map(ruleMeta),
      config: ctx.config,
      cwd: ctx.workspace,
      repo: repoInfo(ctx.workspace, env),
      governance: buildGovernance(ctx.config, CONTROL_CATALOGUE, today()),
    });
    const temp = env.RUNNER_TEMP || tmpdir();
    const dir = join(temp, 'trustgate-report');
    const file = join(dir, 'readiness-report.html');
    writeFileSafe(file, ctx.redact(toReadinessHtml(report)), { within: [temp], mkdir: true });
    ctx.outputs['report-file'] = file;
    let where = `written to \`${escapeMarkdown(file)}\` (output \`report-file\`)`;
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
      core.notice('Trustgate report: no artifact upload (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set outside a GitHub runner); the HTML is in the report-file output.');
    } else {
      try {
        await upload(ARTIFACT_NAME, file, dir);
        const runUrl = env.GITHUB_RUN_ID ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
        where = `uploaded as the workflow artifact **${ARTIFACT_NAME}**${runUrl ? ` ([run artifacts](${runUrl}#artifacts))` : ''}`;
      } catch (err) {
        ctx.notes.push(`The readiness report was not uploaded as an artifact: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
      }
    }
    const o = report.score.overall;
    const weakest = [...report.sections].sort((a, b) => a.score.percent - b.score.percent).slice(0, 3).map((s) => `${s.id} ${s.score.percent}%`);
    await core.summary.addRaw(
      `\n### SOC 2 readiness report\n\nReadiness **${o.percent}%** (${o.credited} of ${o.points} criterion points credited; lowest: ${weakest.join(', ')}). The HTML report is ${where}.\n`,
    );
  };
}
