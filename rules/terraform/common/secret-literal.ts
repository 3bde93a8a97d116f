import { defineRule, fail } from '../../../core/rule.js';
import type { Expr, HclAttribute, HclBlock, HclFile } from '../../../core/hcl/ast.js';
import type { Scope } from '../../../core/terraform/eval.js';
import { dynamicContent, dynamicMakesBlocks, loc, TfBody, type TfModule, type TfResource } from '../../../core/terraform/model.js';
import type { CheckResult, Range, RelatedLocation } from '../../../core/types.js';
import { looksSecret, secretName, type SecretMatch } from '../../_lib/secret-formats.js';

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
  /** The argument for messages: `${head}.${key} ${sep} ${ownerLabel}` ("password of aws_db_instance "x""). */
  head = '';
  key = '';
  sep = '';
  /** The resource, data source, provider or module call being judged, and its file (where its arguments are). */
  owner: HclBlock | undefined = undefined;
  ownerKind: 'resource' | 'data' | 'provider' | 'module' = 'resource';
  file = '';
  /** Where the argument is, for a literal written elsewhere (a variable default, tfvars, a local). */
  usedRange: Range | undefined = undefined;
  /** Dynamic blocks whose content holds no credential (see barren()); `dry`: only note in `hit` whether one would be reported. */
  readonly barren = new Map<HclBlock, boolean>();
  dry = false;
  hit = false;
  /** Locals whose literals hold no credential format (see formatFree()). */
  readonly formatFree = new Map<string, boolean>();
  constructor(readonly m: TfModule) {}
}

/** The owner as messages name it: `aws_db_instance "x"`, `data source x "y"`, `provider "github"`, `module "db"`. */
function ownerLabel(j: Judging): string {
  const l = j.owner!.labels;
  if (j.ownerKind === 'provider' || j.ownerKind === 'module') return `${j.ownerKind} "${l[0] ?? ''}"`;
  return `${j.ownerKind === 'data' ? 'data source ' : ''}${l[0] ?? ''} "${l[1] ?? ''}"`;
}

/** Judge the literals `e` can come from as the argument `name` (`head`, `key`, `sep`: see Judging) written at `used`. */
function argument(j: Judging, name: string, e: Expr, head: string, key: string, sep: string, used: Range): void {
  j.name = name;
  j.head = head;
  j.key = key;
  j.sep = sep;
  j.usedRange = used;
  origins(j, e, j.file, undefined, 0);
}

/**
 * Every literal string an expression's value can come from, followed through var., local., tfvars and
 * simple functions, judged as the current argument. `local`: the innermost local value the literal was
 * reached through (the message names it), if any.
 */
function origins(j: Judging, e: Expr, file: string, local: string | undefined, depth: number): void {
  if (depth > 8) return;
  const t = literalText(e);
  if (t !== undefined) {
    const match = judge(j.name, t);
    if (match) report(j, file, e.r, local === undefined ? undefined : `Local value "${local}"`, match, true);
    return;
  }
  switch (e.t) {
    case 'tmpl':
      for (const p of e.parts) if (typeof p !== 'string') origins(j, p, file, local, depth + 1);
      return;
    case 'cond':
      origins(j, e.then, file, local, depth + 1);
      origins(j, e.else, file, local, depth + 1);
      return;
    case 'call':
      if (PASS_THROUGH.has(e.name)) for (const a of e.args) origins(j, a, file, local, depth + 1);
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
    if (l && (secretName(j.name) || !formatFree(j, name, l.attr.expr, l.file))) origins(j, l.attr.expr, l.file, name, depth + 1);
    return;
  }
  if (e.root !== 'var' || m.inputs?.has(name)) return; // a module input: judged at the caller's module block
  for (const f of m.varFiles) {
    const a = f.attributes.get(name);
    const v = a && literalText(a.expr);
    const match = v === undefined ? undefined : judge(j.name, v);
    if (match) report(j, f.path, a!.expr.r, `${name} in ${baseName(f.path)}`, match, true);
  }
  const def = m.variables.get(name)?.block.attributes.get('default');
  const v = def && literalText(def.expr);
  const match = v === undefined ? undefined : judge(j.name, v);
  if (match) report(j, m.variables.get(name)!.file, def!.expr.r, `The default of variable "${name}"`, match, true);
}

/**
 * Can no literal behind a local value hold a well-known credential format? Under an argument name
 * that does not say credential only a format is judged one (looksSecret), so following the local from
 * there reports nothing. Locals are used many times: remembered per module, and found from depth 1
 * (where a local is first entered and the most is reachable).
 */
function formatFree(j: Judging, local: string, e: Expr, file: string): boolean {
  let r = j.formatFree.get(local);
  if (r === undefined) {
    // Not known while it is found: a local met again on the way (a cycle) is followed, to origins()' bound.
    j.formatFree.set(local, false);
    const { name, dry, hit } = j;
    j.name = '';
    j.dry = true;
    j.hit = false;
    origins(j, e, file, local, 1);
    j.formatFree.set(local, (r = !j.hit));
    j.name = name;
    j.dry = dry;
    j.hit = hit;
  }
  return r;
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
  if (j.dry) {
    j.hit = true;
    return;
  }
  const k = `${file}:${r.startLine}:${r.startColumn}`;
  if (j.seen.has(k)) return;
  j.seen.add(k);
  const w = used ? `${j.head}${j.key ? '.' + j.key : ''}${j.sep}${ownerLabel(j)}` : undefined;
  const related: RelatedLocation[] | undefined = via && used ? [{ message: `used by ${w}`, location: loc(j.file, j.usedRange!) }] : undefined;
  const message = !via ? `${w} holds ${match.kind} written in the code.` : w ? `${via} holds ${match.kind}, used by ${w}.` : `${via} holds ${match.kind}.`;
  j.out.push(fail(loc(file, r), message, { secret: match.value, related }));
}

/** Nested blocks deeper than this are not judged. */
const MAX_DEPTH = 6;

/**
 * A block's arguments, map entries and nested blocks. A block is reached once per instance (count,
 * for_each) and per dynamic expansion, but what is judged here does not depend on the instance
 * (origins() reads the module, not the scope): a block already judged is not judged again (it could
 * only repeat reports that `seen` drops). Its nested blocks are still visited where a dynamic block
 * could expand differently in this instance (`scope`).
 */
function body(j: Judging, b: HclBlock, scope: Scope, owned: Set<string> | undefined, depth: number): void {
  if (j.judged.has(b)) {
    if (hasDynamic(b)) visitNested(j, b, scope, owned, depth);
    return;
  }
  j.judged.add(b);
  judgeArguments(j, b, owned, depth);
  visitNested(j, b, scope, owned, depth);
}

/** A block's own arguments and map entries; `depth` > 0: a nested block, where name/value pairs are read. */
function judgeArguments(j: Judging, b: HclBlock, owned: Set<string> | undefined, depth: number): void {
  const attrs = b.attributes;
  if (depth > 0) nameValuePair(j, attrs);
  for (const a of attrs.values()) {
    if (META.has(a.name) || owned?.has(a.name)) continue;
    argument(j, a.name, a.expr, a.name, '', ' of ', a.range);
    if (a.expr.t === 'object' && !LABEL_MAPS.has(a.name)) mapEntries(j, a.name, a.expr);
  }
}

/** env { name = "API_KEY" value = "..." }: the name attribute names the value. */
function nameValuePair(j: Judging, attrs: Map<string, HclAttribute>): void {
  const n = attrs.get('name');
  const v = attrs.get('value');
  const nameText = n && literalText(n.expr);
  if (nameText && v) argument(j, nameText, v.expr, nameText, '', ' in ', v.range);
}

/** A map argument's entries, each judged under its key. */
function mapEntries(j: Judging, attrName: string, e: Extract<Expr, { t: 'object' }>): void {
  for (const it of e.items) {
    const k = it.keyName ?? (it.key.t === 'lit' && typeof it.key.value === 'string' ? it.key.value : undefined);
    if (k) argument(j, k, it.value, attrName, k, ' of ', it.value.r);
  }
}

/** The type of block a nested block is, or makes (a dynamic block). */
const nestedType = (x: HclBlock): string => (x.type === 'dynamic' ? (x.labels[0] ?? '') : x.type);

/**
 * Nested blocks, a type at a time in the order the types first appear (as TfBody.blocks(type) lists
 * them: the order of findings stays that of the model). A dynamic block is expanded only when what it
 * makes holds a credential (most hold none, and evaluating for_each is the costly part); then its
 * content is judged once if it makes a block here, and its instances are followed one by one only when
 * the content holds another dynamic block, whose expansion may differ per instance.
 */
function visitNested(j: Judging, b: HclBlock, scope: Scope, owned: Set<string> | undefined, depth: number): void {
  if (depth >= MAX_DEPTH) return;
  const bs = b.blocks;
  for (let i = 0; i < bs.length; i++) {
    const t = nestedType(bs[i]);
    if (!t || t === 'lifecycle' || owned?.has(t) || !firstOfType(bs, i, t)) continue;
    for (let k = i; k < bs.length; k++) {
      const x = bs[k];
      if (x.type === t) body(j, x, scope, undefined, depth + 1);
      else if (x.type === 'dynamic' && x.labels[0] === t && !barren(j, x, depth + 1)) {
        if (hasDynamic(x)) {
          for (const c of new TfBody(b, j.file, scope, j.m).blocks(t)) if (c.dynamicBlock === x) body(j, c.block, c.scope, undefined, depth + 1);
          continue;
        }
        const content = dynamicContent(x);
        if (content && !j.judged.has(content) && dynamicMakesBlocks(x, scope)) body(j, content, scope, undefined, depth + 1);
      }
    }
  }
}

/** Is bs[i] the first nested block of its type? */
function firstOfType(bs: readonly HclBlock[], i: number, t: string): boolean {
  for (let k = 0; k < i; k++) if (nestedType(bs[k]) === t) return false;
  return true;
}

/**
 * Does nothing a dynamic block can make (its content at `depth`, and everything under it, expanded or
 * not) hold a literal judged a credential? Then judging it could report nothing. Remembered per module.
 */
function barren(j: Judging, d: HclBlock, depth: number): boolean {
  let r = j.barren.get(d);
  if (r === undefined) {
    const content = dynamicContent(d);
    j.dry = true;
    j.hit = false;
    if (content) dryJudge(j, content, depth);
    j.dry = false;
    j.barren.set(d, (r = !j.hit));
  }
  return r;
}

/** judgeArguments() on a block and all it holds, dynamic contents included, while `j.dry` (report() only notes a hit). */
function dryJudge(j: Judging, b: HclBlock, depth: number): void {
  judgeArguments(j, b, undefined, depth);
  if (depth >= MAX_DEPTH) return;
  for (const x of b.blocks) {
    if (j.hit) return;
    const t = nestedType(x);
    if (!t || t === 'lifecycle') continue;
    // (`dynamic "dynamic"` is read as a block of type dynamic, as visitNested reads it.)
    const c = x.type === 'dynamic' && x.type !== t ? dynamicContent(x) : x;
    if (c) dryJudge(j, c, depth + 1);
  }
}

/** Resources, data sources, providers and module calls; then what holds a credential whether or not it is used. */
function secretLiterals(m: TfModule): CheckResult[] {
  const j = new Judging(m);
  for (const r of m.resources) resourceBody(j, r);
  for (const r of m.dataSources) resourceBody(j, r);
  for (const f of m.files)
    for (const b of f.blocks) {
      if (b.type === 'provider') owner(j, b, 'provider', f.path, m, OWNED.get(`provider.${b.labels[0]}`));
      else if (b.type === 'module') owner(j, b, 'module', f.path, m, undefined);
    }
  variableDefaults(j);
  localLiterals(j);
  varFileLiterals(j, m.varFiles);
  varFileLiterals(j, m.otherVarFiles);
  return j.out;
}

function resourceBody(j: Judging, r: TfResource): void {
  // A further instance of a resource without dynamic blocks: nothing left to judge.
  if (j.judged.has(r.block) && !hasDynamic(r.block)) return;
  const type = r.resourceType;
  owner(j, r.block, r.mode, r.file, r.scope, type.startsWith('github_') && GH_SECRET.test(type) ? GH_OWNED : OWNED.get(type));
}

function owner(j: Judging, b: HclBlock, kind: Judging['ownerKind'], file: string, scope: Scope, owned: Set<string> | undefined): void {
  j.owner = b;
  j.ownerKind = kind;
  j.file = file;
  body(j, b, scope, owned, 0);
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
