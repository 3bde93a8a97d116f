// Rules are data (RuleMeta) plus one small pure check per input kind. A check reads the model and
// yields findings and indeterminate results; it never performs I/O or executes scanned content.
import type { K8sFile } from './kubernetes/model.js';
import type { TfModule } from './terraform/model.js';
import type { Config } from './config.js';
import type { GovernanceModel } from './governance/model.js';
import { resolveOptions, type OptionSpec, type OptionsSchema, type OptionValues } from './options.js';
import type { CheckResult, Finding, Location, RelatedLocation, Fix, RuleMeta } from './types.js';
import type { Workflow } from './workflow/model.js';
import type { ScanSet } from './scan-set.js';

export interface RuleContext<O extends OptionsSchema = OptionsSchema> {
  /** Rule options: each declared option's default, or its value from .trustgate.yml rules.options.<id> (validated). */
  options: OptionValues<O>;
  /** Facts about the whole scanned set (reusable-workflow callers, namespaces with NetworkPolicies); absent outside a scan. */
  scanSet?: ScanSet;
}

/** One version of a file: absolute path (for locations) and its text. */
export interface FileVersion {
  file: string;
  src: string;
}
/** Base and head of what a change rule compares; a missing side was added or deleted by the change. */
export interface ChangeInput {
  base?: FileVersion;
  head?: FileVersion;
  /** Every rule's metadata (a policy change is judged against the rules' defaults and options). */
  rules: RuleMeta[];
}

interface Inputs {
  terraform: TfModule;
  kubernetes: K8sFile;
  workflow: Workflow;
  change: ChangeInput;
  governance: GovernanceModel;
}
type Kind = keyof Inputs;

interface RuleCore<K extends Kind, O extends OptionsSchema> extends RuleMeta {
  kind: K;
  options?: O;
  check(input: Inputs[K], ctx: RuleContext<O>): Iterable<CheckResult>;
}
/** Metadata a kind of rule must carry besides RuleMeta's: a Terraform rule names the resource types it reads. */
type KindMeta<K extends Kind> = K extends 'terraform' ? { resourceTypes: string[] } : unknown;
type RuleBase<K extends Kind, O extends OptionsSchema = OptionsSchema> = RuleCore<K, O> & KindMeta<K>;

export type TerraformRule = RuleBase<'terraform'>;
export type KubernetesRule = RuleBase<'kubernetes'>;
export type WorkflowRule = RuleBase<'workflow'>;
/** Which file pair a change rule compares: the effective .trustgate.yml, or each workflow file. */
export type ChangeRule = RuleBase<'change'> & { subject: 'policy' | 'workflow' };
export type GovernanceRule = RuleBase<'governance'>;
export type Rule = TerraformRule | KubernetesRule | WorkflowRule | ChangeRule | GovernanceRule;

/**
 * A rule module's default export. `kind` picks the check's input, and `options` (declared once, see
 * core/options.ts) types `ctx.options`: `defineRule({ kind: 'terraform', options: { minDays: {...} }, *check(m, ctx) {...} })`.
 */
export function defineRule<K extends Kind, const O extends OptionsSchema = Record<never, OptionSpec>>(r: RuleBase<K, O>): Rule;
/** @deprecated Write `defineRule({ ... })` without the type argument, so options are typed. */
export function defineRule<R extends Rule>(r: R): R;
export function defineRule(r: Rule): Rule {
  return r;
}

/** Meta without the check (what reports, docs and the extension's hovers read). */
export function ruleMeta(r: Rule): RuleMeta {
  const { check: _check, ...meta } = r;
  void _check;
  return meta;
}

// ---- Running a rule under a policy -----------------------------------------------------------

/** The context a check receives under a policy: its declared options' defaults, or the policy's values. */
export function ruleContext(rule: Rule, policy: Config): RuleContext {
  return { options: resolveOptions(rule.options, policy.options.get(rule.id)) } as RuleContext;
}

/** A check's finding as every report carries it: the rule's metadata, the severity the policy gives it. */
export function toFinding(rule: RuleMeta, res: Extract<CheckResult, { kind: 'finding' }>, policy: Config, fixes = res.fixes): Finding {
  return {
    ruleId: rule.id,
    title: rule.failTitle,
    category: rule.category,
    severity: policy.severity.get(rule.id) ?? rule.severity,
    controls: rule.controls,
    message: res.message,
    remediation: rule.remediation,
    location: res.location,
    ...(res.related?.length ? { related: res.related } : {}),
    ...(fixes?.length ? { fixes } : {}),
    suppressed: false,
    ...(res.secret ? { secret: res.secret } : {}),
  };
}

// ---- Result constructors --------------------------------------------------------------------

export function fail(
  location: Location,
  message: string,
  extra: { blockLine?: number; related?: RelatedLocation[]; fixes?: Fix[]; secret?: string } = {},
): CheckResult {
  return { kind: 'finding', message, location, ...extra };
}

export function indeterminate(location: Location, reason: string, blockLine?: number): CheckResult {
  return { kind: 'indeterminate', reason, location, blockLine };
}
