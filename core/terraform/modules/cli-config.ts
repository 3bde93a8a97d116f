// Terraform's own CLI configuration, honoured instead of new knobs: the file named by
// TF_CLI_CONFIG_FILE (default ~/.terraformrc) with `host` blocks (service discovery overrides) and
// `credentials` blocks, and TF_TOKEN_<host> environment variables for private registries.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Expr } from '../../hcl/ast.js';
import { parseHcl } from '../../hcl/parse.js';
import { readText } from '../../read.js';

export interface CliConfig {
  /** host → service id (e.g. `modules.v1`) → URL. */
  services: Map<string, Record<string, string>>;
  /** host → token; a token is only ever sent to its own host. */
  tokens: Map<string, string>;
  /** Problems reading the file (reported, never fatal). */
  problems: string[];
}

export function cliConfigPath(env: NodeJS.ProcessEnv): string {
  return env.TF_CLI_CONFIG_FILE || join(env.HOME || homedir(), '.terraformrc');
}

function literal(e: Expr): unknown {
  if (e.t === 'lit') return e.value;
  if (e.t === 'tmpl' && e.parts.every((p) => typeof p === 'string')) return e.parts.join('');
  if (e.t === 'object') {
    const o: Record<string, unknown> = {};
    for (const it of e.items) {
      const k = it.keyName ?? literal(it.key);
      if (typeof k === 'string') o[k] = literal(it.value);
    }
    return o;
  }
  return undefined;
}

export function loadCliConfig(parser: Parser, env: NodeJS.ProcessEnv = process.env): CliConfig {
  const cfg: CliConfig = { services: new Map(), tokens: new Map(), problems: [] };
  const path = cliConfigPath(env);
  const r = readText(path, 1024 * 1024);
  if (r.ok) {
    const f = parseHcl(parser, path, r.text);
    if (f.errors.length) cfg.problems.push(`${path}: ${f.errors[0].message}`);
    for (const b of f.blocks) {
      const host = b.labels[0]?.toLowerCase();
      if (!host) continue;
      if (b.type === 'host') {
        const s = b.attributes.get('services');
        const v = s && literal(s.expr);
        if (v && typeof v === 'object') cfg.services.set(host, Object.fromEntries(Object.entries(v).filter(([, u]) => typeof u === 'string')) as Record<string, string>);
      } else if (b.type === 'credentials') {
        const t = b.attributes.get('token');
        const v = t && literal(t.expr);
        if (typeof v === 'string' && v) cfg.tokens.set(host, v);
      }
    }
  } else if (!/ENOENT/.test(r.message)) cfg.problems.push(`${path}: ${r.message}`);
  // TF_TOKEN_app_terraform_io: dots are underscores, and a hyphen may be written as a double underscore.
  for (const [k, v] of Object.entries(env)) {
    if (!k.startsWith('TF_TOKEN_') || !v) continue;
    const host = k.slice(9).replace(/__/g, '-').replace(/_/g, '.').toLowerCase();
    if (host) cfg.tokens.set(host, v);
  }
  return cfg;
}
