// The shared vocabulary of the engine, the rules and the three faces (CLI, Action, extension).
import type { CriterionSummary } from './soc2/verdict.js';
import type { OptionsSchema } from './options.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  'encryption-at-rest',
  'encryption-in-transit',
  'logging-monitoring',
  'network-exposure',
  'identity-mfa',
  'access-control',
  'backup-recovery',
  'change-management',
  'supply-chain',
  'secrets',
  'workload-hardening',
  'injection',
  'governance',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Who a rule speaks to, after zizmor's personas. `regular` (the default): what an auditor would cite
 * against a SOC 2 criterion. `pedantic`: hygiene that is right in general but noisy. `auditor`:
 * everything, including low-confidence checks. Each persona includes the ones before it.
 */
export const PERSONAS = ['regular', 'pedantic', 'auditor'] as const;
export type Persona = (typeof PERSONAS)[number];

/** True when a scan in persona `selected` runs a rule that declares persona `rule`. */
export function personaIncludes(selected: Persona, rule: Persona): boolean {
  return PERSONAS.indexOf(rule) <= PERSONAS.indexOf(selected);
}

export type InputKind = 'terraform' | 'kubernetes' | 'workflow';
/**
 * What a rule reads: one input kind, or `change`: two versions of one file (base and head of a pull
 * request), for rules about what a change does to the gate itself (run by the Action, core/change.ts);
 * `governance`: the repository's record of controls outside the code (core/governance/, run once per scan
 * when `.trustgate.yml` has `controls:`).
 */
export type RuleKind = InputKind | 'change' | 'governance';

/** 1-based lines and columns; columns count UTF-16 code units; end column is exclusive. */
export interface Range {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A range inside a file. `file` is absolute inside the engine; reporters make it relative. */
export interface Location extends Range {
  file: string;
}

export interface RuleMeta {
  /** Stable id, e.g. TG-AWS-001. */
  id: string;
  /** Readable long name, kebab-case, e.g. aws-s3-bucket-access-logging. */
  name: string;
  /** The passing condition, e.g. "S3 bucket ACL does not grant access to everyone" (docs, coverage, rule lists). */
  title: string;
  /**
   * The failing headline, e.g. "S3 bucket ACL grants access to everyone": what a finding of this rule says is
   * wrong. Every place that shows a finding (annotations, summaries, hovers, terminal) heads it with this.
   */
  failTitle: string;
  category: Category;
  /** Trust Services Criteria, primary first, e.g. ["CC7.2", "CC4.1"]. */
  controls: string[];
  severity: Severity;
  /** The least persona that runs this rule (see PERSONAS). */
  persona: Persona;
  /** One line: why the rule belongs to that persona (shown on its docs page). */
  personaRationale: string;
  /** Why this check supports the criteria. */
  rationale: string;
  remediation: string;
  /** What the rule assumes when the attribute is omitted, e.g. "versioning is off when no versioning block exists". */
  defaults?: string;
  /** Input kind the rule reads. */
  kind: RuleKind;
  /** For Terraform rules: the resource types the rule inspects (documentation, pre-filtering, and what verdicts count as checked). */
  resourceTypes?: string[];
  /** For Kubernetes rules: the object kinds the rule inspects (default: the workload kinds, core/kubernetes/model.ts). */
  objectKinds?: string[];
  /** How sure a finding is (separate from severity). */
  confidence: 'high' | 'medium' | 'low';
  /** Equivalent ids in Checkov, Trivy/tfsec, KICS, kube-linter, zizmor. */
  aliases?: string[];
  /** Version of Trustgate that first shipped the rule. */
  introducedIn: string;
  /** Per-criterion rationale: how this check supports each criterion in `controls` (one entry each). */
  controlRationale: Record<string, string>;
  /** The rule's options: type, bounds, default and description of each (core/options.ts), set in .trustgate.yml under rules.options.<id>. */
  options?: OptionsSchema;
}

export interface RelatedLocation {
  message: string;
  location: Location;
}

/** A replacement that makes a finding go away, used by editors as a quick fix. */
export interface Fix {
  title: string;
  range: Location;
  text: string;
}

/** What a rule's check yields. */
export type CheckResult =
  | {
      kind: 'finding';
      message: string;
      location: Location;
      /** Start line of the enclosing block/object, so a suppression above it applies. */
      blockLine?: number;
      related?: RelatedLocation[];
      fixes?: Fix[];
      /** A secret value the finding is about: never printed; the Action masks it. */
      secret?: string;
    }
  | {
      kind: 'indeterminate';
      reason: string;
      location: Location;
      blockLine?: number;
    };

export interface Suppression {
  /** `baseline`: listed in the file given to `trustgate scan --baseline` (accepted when adopting Trustgate). */
  source: 'comment' | 'annotation' | 'config' | 'baseline';
  reason: string;
  expires?: string;
  /** The suppression's expiry date has passed: it no longer suppresses. */
  expired?: boolean;
  location?: Location;
  /**
   * The skip as written when it is not Trustgate's own directive: a peer tool's (`checkov:skip=CKV_AWS_19`,
   * `checkov.io/skip1: CKV_K8S_20`, `ignore-check.kube-linter.io/privileged-container`), mapped by its aliases.
   */
  via?: string;
}

export interface Finding {
  ruleId: string;
  /** The rule's failing headline (RuleMeta.failTitle): a finding states what is wrong. */
  title: string;
  category: Category;
  severity: Severity;
  controls: string[];
  message: string;
  remediation: string;
  location: Location;
  related?: RelatedLocation[];
  fixes?: Fix[];
  suppressed: boolean;
  suppression?: Suppression;
  /** From a rule introduced after the ruleset pinned for the audit window (`audit.ruleset`): reported, labelled "new rule", never failing the gate. */
  newRule?: boolean;
  /**
   * Satisfied by a compensating control elsewhere in the repository (`# trustgate:compensated ID by="path"`,
   * core/compensate.ts): shown apart from suppressions; `suppressed` is also set, so no gate counts it.
   */
  compensated?: { by: string; status: 'verified' | 'exists'; detail: string; reason?: string; line: number };
  /** Set only inside the process (masking); never serialised. */
  secret?: string;
}

export interface Indeterminate {
  ruleId: string;
  reason: string;
  location: Location;
}

export interface ScanError {
  file: string;
  line: number;
  column: number;
  message: string;
  /** parse | read | config | limit | suppression | notice */
  kind: 'parse' | 'read' | 'limit' | 'suppression' | 'notice' | 'internal';
}

/**
 * A module call whose code Trustgate could not read (a registry, git or archive source without
 * `terraform init` or `--download-modules`, offline, a denied host, a bad version constraint...).
 * Whatever resources it holds were not evaluated: verdicts must not count its silence as a pass.
 */
export interface UnresolvedModule {
  /** The file of the `module` block (absolute inside the engine; reporters make it relative). */
  file: string;
  /** Position of the `module` block header. */
  line: number;
  column: number;
  /** Address of the call, e.g. `module.eks` or `module.eks.module.kms`. */
  module: string;
  /** The `source` as written, e.g. `terraform-aws-modules/eks/aws`. */
  source: string;
  /** The `version` constraint as written, when there is one. */
  version?: string;
  /** Why it could not be resolved, a readable sentence. */
  reason: string;
  /** What makes it resolvable, e.g. "run `terraform init` before scanning, or scan with --download-modules". */
  fix: string;
}

export interface ScanSummary {
  filesScanned: number;
  filesByKind: Record<InputKind, number>;
  findings: number;
  /** Findings that do not gate (`findings[].suppressed`): suppressed by a person, or compensated. */
  suppressed: number;
  /** Of `suppressed`, the findings satisfied by a compensating control (`findings[].compensated`). */
  compensated: number;
  bySeverity: Record<Severity, number>;
  /**
   * Per TSC criterion covered by an enabled rule: the verdict (core/soc2/verdict.ts) and what it was decided
   * from — applicable resources checked, unsuppressed findings, suppressed (of them compensated),
   * indeterminate, unresolved module calls — plus the number of rules that ran.
   */
  byControl: Record<string, CriterionSummary>;
  durationMs: number;
}

/** What a report carries to pin the SOC 2 mapping and the rule set it was produced with. */
export interface Soc2Info {
  /** The mapping's version (the Trustgate version that produced soc2-mapping.json). */
  mappingVersion: string;
  /** `sha256:<hex>` of soc2-mapping.json's exact bytes for the rules the scan ran with. */
  mappingDigest: string;
  /** `sha256:<hex>` of the canonical JSON of all rule metadata (core/digest.ts rulesetDigest). */
  rulesetDigest: string;
}

export interface ScanResult {
  tool: { name: 'trustgate'; version: string };
  /** SOC 2 mapping and rule set digests (set by scan(); optional for results built elsewhere). */
  soc2?: Soc2Info;
  findings: Finding[];
  indeterminate: Indeterminate[];
  errors: ScanError[];
  /** Module calls that could not be resolved: one entry per call (each also appears as a notice in `errors`). */
  unresolvedModules: UnresolvedModule[];
  summary: ScanSummary;
  /** Absolute roots that were scanned (reporters make paths relative to cwd). */
  roots: string[];
}
