import { defineRule, fail } from '../../../core/rule.js';
import type { Expr, HclAttribute, HclBlock, HclFile } from '../../../core/hcl/ast.js';
import { loc, TfBody, type TfModule, type TfResource } from '../../../core/terraform/model.js';
import type { CheckResult, Range, RelatedLocation } from '../../../core/types.js';
import { looksSecret, type SecretMatch } from '../../_lib/secret-formats.js';

/** Attributes owned by narrower rules (TG-AWS-018 user data / Lambda and CodeBuild env / AWS provider keys, TG-GH-015 plaintext_value). */
const OWNED = new Map<string, Set<string>>([
  ['provider.aws', new Set(['access_key', 'secret_key'])],
  ['aws_instance', new Set(['user_data', 'user_data_base64'])],
  ['aws_launch_template', new Set(['user_data'])],
  ['aws_launch_configuration', new Set(['user_data', 'user_data_base64'])],
  ['aws_lambda_function', new Set(['environment'])],
  ['aws_codebuild_project', new Set(['environment'])],
]);
const GH_SECRET = /^github_(actions|dependabot|codespaces)_.*secret$/;
const GH_OWNED = new Set(['plaintext_value', 'encrypted_value']);
/** Module-call and resource meta-arguments: never credentials. */
const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on', 'provider', 'lifecycle']);
/** Maps whose keys are labels, not names of values. */
const LABEL_MAPS = new Set(['tags', 'tags_all', 'labels', 'annotations', 'default_tags']);
/** Functions that pass a literal argument through unchanged (as far as secrecy goes). */
const PASS_THROUGH = new Set(['sensitive', 'nonsensitive', 'tostring', 'trimspace', 'coalesce', 'try', 'chomp', 'base64encode', 'base64decode']);

function literalText(e: Expr): string | undefined {
  if (e.t === 'lit') return typeof e.value === 'string' ? e.value : undefined;
  if (e.t !== 'tmpl' || e.directive) return undefined;
  for (const p of e.parts) if (typeof p !== 'string') return undefined;
  return e.parts.join('');
}

/**
 * One module's judging: the findings so far, and the argument whose literals are being judged.
 * Every literal of every module is visited and few are reported, so the argument is held here (set by
 * argument()) rather than in closures made per argument; the words of a finding are built only for one.
 */
class Judging {
  readonly out: CheckResult[] = [];
  readonly seen = new Set<string>();
  /** Blocks already judged (see body()). */
  readonly judged = new Set<HclBlock>();
  /** The name the argument's literals are judged under. */
  name = '';
  /** The argument for messages: `${head}.${key} ${sep} ${label}` ("password of aws_db_instance "x""). */
  head = '';
  key = '';
  sep = '';
  label = '';
  /** Where the argument is, for a literal written elsewhere (a variable default, tfvars, a local). */
  usedFile = '';
  usedRange: Range | undefined = undefined;
  constructor(readonly m: TfModule) {}
}

/** Judge the literals `e` can come from as the argument `name` (`head`, `key`, `sep`, `label`: see Judging). */
function argument(j: Judging, name: string, e: Expr, file: string, head: string, key: string, sep: string, label: string, used: Range): void {
  j.name = name;
  j.head = head;
  j.key = key;
  j.sep = sep;
  j.label = label;
  j.usedFile = file;
  j.usedRange = used;
  origins(j, e, file, undefined, 0);
}

/**
 * Every literal string an expression's value can come from, followed through var., local., tfvars and
 * simple functions, judged as the current argument. `via` says where the literal is when it is not at
 * the argument: `variable "x" default`, `prod.tfvars`, `local.x` (the innermost step names it).
 */
function origins(j: Judging, e: Expr, file: string, via: string | undefined, depth: number): void {
  if (depth > 8) return;
  const t = literalText(e);
  if (t !== undefined) {
    judgeLiteral(j, t, file, e.r, via);
    return;
  }
  switch (e.t) {
    case 'tmpl':
      for (const p of e.parts) if (typeof p !== 'string') origins(j, p, file, via, depth + 1);
      return;
    case 'cond':
      origins(j, e.then, file, via, depth + 1);
      origins(j, e.else, file, via, depth + 1);
      return;
    case 'call':
      if (PASS_THROUGH.has(e.name)) for (const a of e.args) origins(j, a, file, via, depth + 1);
      return;
    case 'ref':
      refOrigins(j, e, depth);
      return;
  }
}

/** The literals behind `local.x` and `var.x` (its tfvars values and its default). */
function refOrigins(j: Judging, e: Extract<Expr, { t: 'ref' }>, depth: number): void {
  const p = e.parts[0];
  const name = p?.t === 'attr' ? p.name : undefined;
  if (!name || e.parts.length !== 1) return;
  const m = j.m;
  if (e.root === 'local') {
    const l = m.locals.get(name);
    if (l) origins(j, l.attr.expr, l.file, `Local value "${name}"`, depth + 1);
    return;
  }
  if (e.root !== 'var' || m.inputs?.has(name)) return; // a module input: judged at the caller's module block
  for (const f of m.varFiles) {
    const a = f.attributes.get(name);
    const v = a && literalText(a.expr);
    if (a && v !== undefined) judgeLiteral(j, v, f.path, a.expr.r, `${name} in ${baseName(f.path)}`);
  }
  const d = m.variables.get(name);
  const def = d?.block.attributes.get('default');
  const v = def && literalText(def.expr);
  if (d && def && v !== undefined) judgeLiteral(j, v, d.file, def.expr.r, `The default of variable "${name}"`);
}

function judgeLiteral(j: Judging, text: string, file: string, r: Range, via: string | undefined): void {
  const match = judge(j.name, text);
  if (match) report(j, file, r, via, match, true);
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

/**
 * One finding per place a literal is written. `used`: the literal was reached from the current
 * argument (else it is judged on its own: a variable, local or tfvars entry, and `via` names it).
 */
function report(j: Judging, file: string, r: Range, via: string | undefined, match: SecretMatch, used: boolean): void {
  const k = `${file}:${r.startLine}:${r.startColumn}`;
  if (j.seen.has(k)) return;
  j.seen.add(k);
  const w = used ? `${j.head}${j.key ? '.' + j.key : ''}${j.sep}${j.label}` : undefined;
  const related: RelatedLocation[] | undefined = via && used ? [{ message: `used by ${w}`, location: loc(j.usedFile, j.usedRange!) }] : undefined;
  const message = !via ? `${w} holds ${match.kind} written in the code.` : w ? `${via} holds ${match.kind}, used by ${w}.` : `${via} holds ${match.kind}.`;
  j.out.push(fail(loc(file, r), message, { secret: match.value, related }));
}

/**
 * A block's arguments, map entries and nested blocks. A block is visited once per instance (count,
 * for_each) and per dynamic expansion, but what is judged here does not depend on the instance
 * (origins() reads the module, not the scope): a block already judged is not judged again (it could
 * only repeat reports that `seen` drops). Its nested blocks are still visited where a dynamic block
 * could expand differently in this instance.
 */
function body(j: Judging, b: TfBody, label: string, owned: Set<string> | undefined, depth: number): void {
  if (depth > 6) return;
  if (j.judged.has(b.block)) {
    if (hasDynamic(b.block)) visitNested(j, b, label, owned, depth);
    return;
  }
  j.judged.add(b.block);
  const attrs = b.block.attributes;
  if (depth > 0) nameValuePair(j, b, attrs, label);
  for (const a of attrs.values()) {
    if (META.has(a.name) || owned?.has(a.name)) continue;
    argument(j, a.name, a.expr, b.file, a.name, '', ' of ', label, a.range);
    if (a.expr.t === 'object' && !LABEL_MAPS.has(a.name)) mapEntries(j, a.name, a.expr, b.file, label);
  }
  visitNested(j, b, label, owned, depth);
}

/** env { name = "API_KEY" value = "..." }: the name attribute names the value. */
function nameValuePair(j: Judging, b: TfBody, attrs: Map<string, HclAttribute>, label: string): void {
  const n = attrs.get('name');
  const v = attrs.get('value');
  const nameText = n && literalText(n.expr);
  if (nameText && v) argument(j, nameText, v.expr, b.file, nameText, '', ' in ', label, v.range);
}

/** A map argument's entries, each judged under its key. */
function mapEntries(j: Judging, attrName: string, e: Extract<Expr, { t: 'object' }>, file: string, label: string): void {
  for (const it of e.items) {
    const k = it.keyName ?? (it.key.t === 'lit' && typeof it.key.value === 'string' ? it.key.value : undefined);
    if (k) argument(j, k, it.value, file, attrName, k, ' of ', label, it.value.r);
  }
}

function visitNested(j: Judging, b: TfBody, label: string, owned: Set<string> | undefined, depth: number): void {
  const blocks = b.block.blocks;
  if (!blocks.length) return;
  const types = new Set<string>();
  for (const x of blocks) types.add(x.type === 'dynamic' ? (x.labels[0] ?? '') : x.type);
  for (const t of types) if (t && !owned?.has(t) && t !== 'lifecycle') for (const c of b.blocks(t)) body(j, c, label, undefined, depth + 1);
}

/** Resources, data sources, providers and module calls; then what holds a credential whether or not it is used. */
function secretLiterals(m: TfModule): CheckResult[] {
  const j = new Judging(m);
  for (const r of m.resources) resourceBody(j, r);
  for (const r of m.dataSources) resourceBody(j, r);
  for (const f of m.files)
    for (const b of f.blocks) {
      if (b.type === 'provider') body(j, new TfBody(b, f.path, m, m), `provider "${b.labels[0] ?? ''}"`, OWNED.get(`provider.${b.labels[0]}`), 0);
      else if (b.type === 'module') body(j, new TfBody(b, f.path, m, m), `module "${b.labels[0] ?? ''}"`, undefined, 0);
    }
  variableDefaults(j);
  localLiterals(j);
  varFileLiterals(j, m.varFiles);
  varFileLiterals(j, m.otherVarFiles);
  return j.out;
}

function resourceBody(j: Judging, r: TfResource): void {
  const owned = r.resourceType.startsWith('github_') && GH_SECRET.test(r.resourceType) ? GH_OWNED : OWNED.get(r.resourceType);
  body(j, r, `${r.mode === 'data' ? 'data source ' : ''}${r.resourceType} "${r.name}"`, owned, 0);
}

/** Variables that hold a credential in their default (judged as a secret by name, or because they are sensitive). */
function variableDefaults(j: Judging): void {
  for (const [name, d] of j.m.variables) {
    const def = d.block.attributes.get('default');
    if (!def) continue;
    const s = d.block.attributes.get('sensitive')?.expr;
    const sensitive = !!s && s.t === 'lit' && (s.value === true || s.value === 'true');
    const text = literalText(def.expr);
    if (text === undefined) continue;
    const match = judge(sensitive ? `${name}_secret` : name, text);
    if (match) report(j, d.file, def.expr.r, `The default of ${sensitive ? 'sensitive ' : ''}variable "${name}"`, match, false);
  }
}

function localLiterals(j: Judging): void {
  for (const [name, l] of j.m.locals) {
    const text = literalText(l.attr.expr);
    const match = text === undefined ? undefined : judge(name, text);
    if (match) report(j, l.file, l.attr.expr.r, `Local value "${name}"`, match, false);
  }
}

function varFileLiterals(j: Judging, files: readonly HclFile[]): void {
  for (const f of files)
    for (const a of f.attributes.values() as Iterable<HclAttribute>) {
      const text = literalText(a.expr);
      const match = text === undefined ? undefined : judge(a.name, text);
      if (match) report(j, f.path, a.expr.r, `${a.name} in ${baseName(f.path)}`, match, false);
    }
}

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
  // A plain function over module-level helpers: a generator holding closures was costly to optimise
  // and was recompiled whole after each deoptimisation.
  check: secretLiterals,
});
