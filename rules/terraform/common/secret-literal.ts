import { defineRule, fail } from '../../../core/rule.js';
import type { Expr, HclAttribute, HclBlock, HclFile } from '../../../core/hcl/ast.js';
import { loc, TfBody, type TfModule } from '../../../core/terraform/model.js';
import type { CheckResult, Location, Range, RelatedLocation } from '../../../core/types.js';
import { looksSecret, type SecretMatch } from '../../_lib/secret-formats.js';

/**
 * Where a literal string was written: the argument itself, a variable default, a tfvars file, a local.
 * `via` is set when the literal is not at the argument: `variable "x" default`, `prod.tfvars`, `local.x`.
 * Passed as arguments, not as an object: every literal of every module is visited, few are reported.
 */
type OriginVisitor = (text: string, file: string, r: Range, via: string | undefined) => void;

/** Attributes owned by narrower rules (TG-AWS-018 user data / Lambda and CodeBuild env / AWS provider keys, TG-GH-015 plaintext_value). */
const OWNED: Record<string, Set<string>> = {
  'provider.aws': new Set(['access_key', 'secret_key']),
  aws_instance: new Set(['user_data', 'user_data_base64']),
  aws_launch_template: new Set(['user_data']),
  aws_launch_configuration: new Set(['user_data', 'user_data_base64']),
  aws_lambda_function: new Set(['environment']),
  aws_codebuild_project: new Set(['environment']),
};
const GH_SECRET = /^github_(actions|dependabot|codespaces)_.*secret$/;
/** Module-call and resource meta-arguments: never credentials. */
const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on', 'provider', 'lifecycle']);
/** Maps whose keys are labels, not names of values. */
const LABEL_MAPS = new Set(['tags', 'tags_all', 'labels', 'annotations', 'default_tags']);
/** Functions that pass a literal argument through unchanged (as far as secrecy goes). */
const PASS_THROUGH = new Set(['sensitive', 'nonsensitive', 'tostring', 'trimspace', 'coalesce', 'try', 'chomp', 'base64encode', 'base64decode']);

const literalText = (e: Expr): string | undefined =>
  e.t === 'lit' ? (typeof e.value === 'string' ? e.value : undefined) : e.t === 'tmpl' && !e.directive && e.parts.every((p) => typeof p === 'string') ? e.parts.join('') : undefined;

/** Every literal string an expression's value can come from, followed through var., local., tfvars and simple functions. */
function origins(m: TfModule, e: Expr, file: string, visit: OriginVisitor, depth = 0): void {
  if (depth > 8) return;
  const t = literalText(e);
  if (t !== undefined) {
    visit(t, file, e.r, undefined);
    return;
  }
  switch (e.t) {
    case 'tmpl':
      for (const p of e.parts) if (typeof p !== 'string') origins(m, p, file, visit, depth + 1);
      return;
    case 'cond':
      origins(m, e.then, file, visit, depth + 1);
      origins(m, e.else, file, visit, depth + 1);
      return;
    case 'call':
      if (PASS_THROUGH.has(e.name)) for (const a of e.args) origins(m, a, file, visit, depth + 1);
      return;
    case 'ref': {
      const name = e.parts[0]?.t === 'attr' ? e.parts[0].name : undefined;
      if (!name || e.parts.length !== 1) return;
      if (e.root === 'local') {
        const l = m.locals.get(name);
        if (l) origins(m, l.attr.expr, l.file, (t, f, r, via) => visit(t, f, r, via ?? `Local value "${name}"`), depth + 1);
        return;
      }
      if (e.root !== 'var' || m.inputs?.has(name)) return; // a module input: judged at the caller's module block
      for (const f of m.varFiles) {
        const a = f.attributes.get(name);
        const v = a && literalText(a.expr);
        if (a && v !== undefined) visit(v, f.path, a.expr.r, `${name} in ${baseName(f.path)}`);
      }
      const d = m.variables.get(name);
      const def = d?.block.attributes.get('default');
      const v = def && literalText(def.expr);
      if (d && def && v !== undefined) visit(v, d.file, def.expr.r, `The default of variable "${name}"`);
      return;
    }
  }
}

/** Does a dynamic block appear anywhere under this block? (Remembered per block of the shared syntax tree.) */
function hasDynamic(b: HclBlock): boolean {
  let r = HAS_DYNAMIC.get(b);
  if (r === undefined) HAS_DYNAMIC.set(b, (r = b.blocks.some((c) => c.type === 'dynamic' || hasDynamic(c))));
  return r;
}
const HAS_DYNAMIC = new WeakMap<HclBlock, boolean>();

const baseName = (p: string) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/** A literal for an argument of this name that is a credential (a known format always is; else the name must say so). */
const judge = (name: string, text: string): SecretMatch | undefined => {
  const m = looksSecret(name, text);
  return m && m.kind === 'a credential' ? { ...m, kind: 'a literal credential' } : m;
};

export default defineRule({
  id: 'TG-TF-001',
  name: 'terraform-secret-literal',
  title: 'No credentials written as literals in Terraform arguments, variable defaults or tfvars',
  failTitle: 'Credential written as a literal in Terraform',
  kind: 'terraform',
  category: 'secrets',
  controls: ['CC6.1', 'CC6.7', 'CC8.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A credential written in code is disclosed to everyone who can read the repository (CC6.1).',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'azurerm_mssql_server', 'azurerm_linux_web_app', 'google_sql_user', 'google_cloud_run_v2_service', 'kubernetes_secret', 'provider', 'module', 'variable', '*'],
  aliases: ['487f4be7-3fd9-4506-a07a-eae252180c08', '3e2d3b2f-c22a-4df1-9cc6-a7a0aebb0c99'],
  rationale:
    'A password, token or key written into Terraform code lives in every clone and fork of the repository and in its history after rotation, and Terraform also copies it into state and plan files. Database master passwords, client secrets and provider tokens are the usual cases; a sensitive-looking variable default or a committed tfvars file is the same leak one step removed.',
  controlRationale: {
    'CC6.1': 'Credentials for infrastructure are managed in a secret store and passed at run time, not kept in source.',
    'CC6.7': 'Keeping secrets out of code stops them from travelling with every copy of the repository and every plan artefact.',
    'CC8.1': 'A change that commits a credential ships a secret with the change; review is the place to stop it.',
  },
  remediation:
    'Remove the value and rotate the credential. Generate it (random_password), read it at apply time (aws_secretsmanager_secret_version / azurerm_key_vault_secret / google_secret_manager_secret_version data sources, or manage_master_user_password on RDS), or pass it with TF_VAR_ / a var file that is not committed; mark the variable sensitive = true without a default. Use write-only arguments (password_wo) where the provider has them.',
  defaults:
    'Judged: every argument of resources, data sources, providers and module calls (nested blocks, map keys and name/value blocks included) whose name says it holds a credential (password, secret, token, api_key, private_key, client_secret, connection_string... but not password_length, secret_name, token_ttl, *_arn, *_id) and whose value is a literal — written in place, or reached through var.* (its default and tfvars files), local.* and pass-through functions — that is not a reference, placeholder, path, ARN or secret-store name; plus any literal holding a well-known token format (GitHub, Slack, Stripe live, Google API, AWS key id, PEM private key, GCP service-account JSON...). Variables whose name says credential, or marked sensitive, are judged by their default; tfvars entries by their name. Values computed by resources (random_password.x.result) are never literals. TG-AWS-018 owns user data, Lambda/CodeBuild environments and the AWS provider keys; TG-GH-015 owns GitHub secrets\' plaintext_value.',
  *check(m) {
    const out: CheckResult[] = [];
    const seen = new Set<string>();
    /**
     * `what` names the argument that uses the value (undefined for a value judged on its own: a
     * variable, local or tfvars entry); it and `usedAt` are built only for a finding.
     */
    const report = (text: string, file: string, r: Range, via: string | undefined, match: SecretMatch, what?: () => string, usedAt?: () => Location): void => {
      const k = `${file}:${r.startLine}:${r.startColumn}`;
      if (seen.has(k)) return;
      seen.add(k);
      const w = what?.();
      const related: RelatedLocation[] | undefined = via && usedAt ? [{ message: `used by ${w}`, location: usedAt() }] : undefined;
      const message = !via ? `${w} holds ${match.kind} written in the code.` : w ? `${via} holds ${match.kind}, used by ${w}.` : `${via} holds ${match.kind}.`;
      out.push(fail(loc(file, r), message, { secret: match.value, related }));
    };
    /** One argument (or map entry) named `name` with expression `e` in `file`. */
    const argument = (name: string, e: Expr, file: string, what: () => string, usedAt: () => Location): void =>
      origins(m, e, file, (text, f, r, via) => {
        const match = judge(name, text);
        if (match) report(text, f, r, via, match, what, usedAt);
      });
    // A block is visited once per instance (count, for_each) and per dynamic expansion, but what is
    // judged here does not depend on the instance (origins() reads the module, not the scope): a block
    // already judged is not judged again (it could only repeat reports that `seen` drops). Its nested
    // blocks are still visited where a dynamic block could expand differently in this instance.
    const judged = new Set<HclBlock>();
    const body = (b: TfBody, label: string, owned: Set<string> | undefined, depth = 0): void => {
      if (depth > 6) return;
      if (judged.has(b.block)) {
        if (hasDynamic(b.block)) visitNested(b, label, owned, depth);
        return;
      }
      judged.add(b.block);
      const attrs = b.block.attributes;
      // env { name = "API_KEY" value = "..." }: the name attribute names the value.
      if (depth > 0) {
        const n = attrs.get('name');
        const v = attrs.get('value');
        const nameText = n && literalText(n.expr);
        if (nameText && v) argument(nameText, v.expr, b.file, () => `${nameText} in ${label}`, () => loc(b.file, v.range));
      }
      for (const a of attrs.values()) {
        if (META.has(a.name) || owned?.has(a.name)) continue;
        argument(a.name, a.expr, b.file, () => `${a.name} of ${label}`, () => loc(b.file, a.range));
        if (a.expr.t === 'object' && !LABEL_MAPS.has(a.name))
          for (const it of a.expr.items) {
            const k = it.keyName ?? (it.key.t === 'lit' && typeof it.key.value === 'string' ? it.key.value : undefined);
            if (k) argument(k, it.value, b.file, () => `${a.name}.${k} of ${label}`, () => loc(b.file, it.value.r));
          }
      }
      visitNested(b, label, owned, depth);
    };
    const visitNested = (b: TfBody, label: string, owned: Set<string> | undefined, depth: number): void => {
      if (!b.block.blocks.length) return;
      const types = new Set(b.block.blocks.map((x) => (x.type === 'dynamic' ? (x.labels[0] ?? '') : x.type)));
      for (const t of types) if (t && !owned?.has(t) && t !== 'lifecycle') for (const c of b.blocks(t)) body(c, label, undefined, depth + 1);
    };
    for (const list of [m.resources, m.dataSources])
      for (const r of list) {
        const owned = r.resourceType.startsWith('github_') && GH_SECRET.test(r.resourceType) ? new Set(['plaintext_value', 'encrypted_value']) : OWNED[r.resourceType];
        body(r, `${r.mode === 'data' ? 'data source ' : ''}${r.resourceType} "${r.name}"`, owned);
      }
    for (const f of m.files)
      for (const b of f.blocks) {
        if (b.type === 'provider') body(new TfBody(b, f.path, m, m), `provider "${b.labels[0] ?? ''}"`, OWNED[`provider.${b.labels[0]}`]);
        else if (b.type === 'module') body(new TfBody(b, f.path, m, m), `module "${b.labels[0] ?? ''}"`, undefined);
      }
    // Variables and locals that hold a credential whether or not anything in this module uses them.
    for (const [name, d] of m.variables) {
      const def = d.block.attributes.get('default');
      if (!def) continue;
      const s = d.block.attributes.get('sensitive')?.expr;
      const sensitive = !!s && s.t === 'lit' && (s.value === true || s.value === 'true');
      const text = literalText(def.expr);
      if (text === undefined) continue;
      const match = judge(sensitive ? `${name}_secret` : name, text);
      if (match) report(text, d.file, def.expr.r, `The default of ${sensitive ? 'sensitive ' : ''}variable "${name}"`, match);
    }
    for (const [name, l] of m.locals) {
      const text = literalText(l.attr.expr);
      const match = text === undefined ? undefined : judge(name, text);
      if (match) report(text!, l.file, l.attr.expr.r, `Local value "${name}"`, match);
    }
    for (const list of [m.varFiles, m.otherVarFiles])
      for (const f of list)
        for (const a of f.attributes.values() as Iterable<HclAttribute>) {
          const text = literalText(a.expr);
          const match = text === undefined ? undefined : judge(a.name, text);
          if (match) report(text!, f.path, a.expr.r, `${a.name} in ${baseName(f.path)}`, match);
        }
    yield* out;
  },
});
