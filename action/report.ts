// The Action's readiness-report step (input `report: true`): the SOC 2 readiness report of this run's
// scan as one self-contained HTML file, written under $RUNNER_TEMP (output `report-file`), uploaded as
// a workflow artifact when the runner's artifact service is available, and summarised with its score
// in the job summary. The artifact service (ACTIONS_RUNTIME_TOKEN/ACTIONS_RESULTS_URL) exists only on
// a real runner: elsewhere the file and the output are the deliverable, and a notice says so.
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { buildGovernance } from '../core/governance/model.js';
import { buildReadiness, type PopulationLink } from '../core/readiness/model.js';
import { populationLink } from '../core/readiness/population.js';
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
    const runUrl = env.GITHUB_RUN_ID ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    // The population report of this run (population mode): linked by its artifact when uploaded, else by its file.
    const temp = env.RUNNER_TEMP || tmpdir();
    const dir = join(temp, 'trustgate-report');
    let population: PopulationLink | null = null;
    if (ctx.population) {
      population = { ...populationLink(ctx.population.file, ctx.workspace), href: relative(dir, ctx.population.file).split(sep).join('/') };
      if (ctx.population.artifact) population = { ...population, artifact: ctx.population.artifact, href: runUrl ? `${runUrl}#artifacts` : null };
    }
    const report = buildReadiness({
      result: ctx.result,
      rules: ALL_RULES.map(ruleMeta),
      config: ctx.config,
      cwd: ctx.workspace,
      repo: repoInfo(ctx.workspace, env),
      governance: buildGovernance(ctx.config, CONTROL_CATALOGUE, today()),
      population,
    });
    const file = join(dir, 'readiness-report.html');
    writeFileSafe(file, ctx.redact(toReadinessHtml(report)), { within: [temp], mkdir: true });
    ctx.outputs['report-file'] = file;
    let where = `written to \`${escapeMarkdown(file)}\` (output \`report-file\`)`;
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
      core.notice('Trustgate report: no artifact upload (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set outside a GitHub runner); the HTML is in the report-file output.');
    } else {
      try {
        await upload(ARTIFACT_NAME, file, dir);
        where = `uploaded as the workflow artifact **${ARTIFACT_NAME}**${runUrl ? ` ([run artifacts](${runUrl}#artifacts))` : ''}`;
      } catch (err) {
        ctx.notes.push(`The readiness report was not uploaded as an artifact: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
      }
    }
    const o = report.score.overall;
    const weakest = [...report.sections].sort((a, b) => a.score.percent - b.score.percent).slice(0, 3).map((s) => `${s.id} ${s.score.percent}%`);
    const ps = population?.summary;
    const linked = population
      ? ` It links the population report${population.artifact ? ` (artifact **${escapeMarkdown(population.artifact)}**)` : ''}${ps ? `: ${ps.total} commits on ${escapeMarkdown(ps.branch)} from ${ps.from} to ${ps.to}, ${ps.covered} covered, ${ps.exceptions} exceptions` : ''}.`
      : '';
    const comps = report.sections.flatMap((s) => s.compensations);
    const compText = comps.length ? ` ${comps.filter((c) => c.status !== 'invalid').length} compensating control(s) in force, ${comps.filter((c) => c.status === 'invalid').length} not accepted.` : '';
    await core.summary.addRaw(
      `\n### SOC 2 readiness report\n\nReadiness **${o.percent}%** (${o.credited} of ${o.points} criterion points credited; lowest: ${weakest.join(', ')}).${compText} The HTML report is ${where}.${linked}\n`,
    );
  };
}
