// Rules are data (RuleMeta) plus one small pure check per input kind. A check reads the model and
// yields findings and indeterminate results; it never performs I/O or executes scanned content.
import type { K8sFile } from './kubernetes/model.js';
import type { TfModule } from './terraform/model.js';
import type { CheckResult, Location, RelatedLocation, Fix, RuleMeta } from './types.js';
import type { Workflow } from './workflow/model.js';

export interface RuleContext {
  /** Rule options: the rule's defaults merged with .trustgate.yml rules.options.<id>. */
  options: Record<string, unknown>;
}

interface RuleBase<K extends RuleMeta['kind'], I> extends RuleMeta {
  kind: K;
  check(input: I, ctx: RuleContext): Iterable<CheckResult>;
}

export type TerraformRule = RuleBase<'terraform', TfModule>;
export type KubernetesRule = RuleBase<'kubernetes', K8sFile>;
export type WorkflowRule = RuleBase<'workflow', Workflow>;

/** One version of a file: absolute path (for locations) and its text. */
export interface FileVersion {
  file: string;
  src: string;
}
/** Base and head of what a change rule compares; a missing side was added or deleted by the change. */
export interface ChangeInput {
  base?: FileVersion;
  head?: FileVersion;
  /** Every rule's metadata (a policy change is judged against the rules' defaults). */
  rules: RuleMeta[];
}
export interface ChangeRule extends RuleBase<'change', ChangeInput> {
  /** Which file pair the rule compares: the effective .trustgate.yml, or each workflow file. */
  subject: 'policy' | 'workflow';
}
export type Rule = TerraformRule | KubernetesRule | WorkflowRule | ChangeRule;

export const defineRule = <R extends Rule>(r: R): R => r;

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
