// Rules are data (RuleMeta) plus one small pure check per input kind. A check reads the model and
// yields findings and indeterminate results; it never performs I/O or executes scanned content.
import type { K8sFile } from './kubernetes/model.js';
import type { TfModule } from './terraform/model.js';
import type { OptionSpec, OptionsSchema, OptionValues } from './options.js';
import type { CheckResult, Location, RelatedLocation, Fix, RuleMeta } from './types.js';
import type { Workflow } from './workflow/model.js';

export interface RuleContext<O extends OptionsSchema = OptionsSchema> {
  /** Rule options: each declared option's default, or its value from .trustgate.yml rules.options.<id> (validated). */
  options: OptionValues<O>;
}

interface Inputs {
  terraform: TfModule;
  kubernetes: K8sFile;
  workflow: Workflow;
}
type Kind = keyof Inputs;

interface RuleBase<K extends Kind, O extends OptionsSchema = OptionsSchema> extends RuleMeta {
  kind: K;
  options?: O;
  check(input: Inputs[K], ctx: RuleContext<O>): Iterable<CheckResult>;
}

export type TerraformRule = RuleBase<'terraform'>;
export type KubernetesRule = RuleBase<'kubernetes'>;
export type WorkflowRule = RuleBase<'workflow'>;
export type Rule = TerraformRule | KubernetesRule | WorkflowRule;

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
