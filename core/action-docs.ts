// The Action's inputs and outputs tables in README.md and docs/github-action.md, generated from
// action.yml between marker comments (part of `npm run docs`, checked fresh by test/docs.test.ts), so
// the documented inputs are the ones the Action declares.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionYml {
  inputs?: Record<string, { description?: string; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}

const cell = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

export function actionTables(actionYml: string): { inputs: string; outputs: string } {
  const a = parse(actionYml) as ActionYml;
  const inputs = ['| Input | Default | |', '|---|---|---|'];
  for (const [name, i] of Object.entries(a.inputs ?? {})) {
    const d = i.default === undefined || i.default === '' ? '' : `\`${cell(String(i.default))}\``;
    inputs.push(`| \`${name}\` | ${d} | ${cell(i.description ?? '')} |`);
  }
  const outputs = ['| Output | |', '|---|---|'];
  for (const [name, o] of Object.entries(a.outputs ?? {})) outputs.push(`| \`${name}\` | ${cell(o.description ?? '')} |`);
  return { inputs: inputs.join('\n'), outputs: outputs.join('\n') };
}

const block = (name: string, body: string) => `<!-- action-${name}: generated from action.yml by \`npm run docs\` -->\n${body}\n<!-- /action-${name} -->`;
const BLOCK = (name: string) => new RegExp(`<!-- action-${name}: generated[^>]*-->[\\s\\S]*?<!-- /action-${name} -->`);

/** The files whose marked blocks hold the tables, with the blocks regenerated. */
export function actionDocs(repoRoot: string, files = ['README.md', 'docs/github-action.md']): Map<string, string> {
  const out = new Map<string, string>();
  const yml = join(repoRoot, 'action.yml');
  if (!existsSync(yml)) return out;
  const t = actionTables(readFileSync(yml, 'utf8'));
  for (const rel of files) {
    const p = join(repoRoot, rel);
    if (!existsSync(p)) continue;
    const text = readFileSync(p, 'utf8');
    let next = text;
    for (const [name, body] of [['inputs', t.inputs], ['outputs', t.outputs]] as const) if (BLOCK(name).test(next)) next = next.replace(BLOCK(name), () => block(name, body));
    out.set(rel, next);
  }
  return out;
}
