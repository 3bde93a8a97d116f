// The registry of inputs: every kind of file Trustgate reads and every model the rules receive is
// declared here once (see docs/decisions/0002-input-kinds.md). File discovery, the engine's grouping
// into units, the parsers, the reporters' counts and the editor's selectors and watchers all read this
// table, so a new syntax or file kind is one entry here plus its parser, not an edit in every face.
import { basename } from 'node:path';
import type { InputKind } from './types.js';

/** How a file takes part in a scan: a Terraform module file, a Terraform variable file, or a YAML document. */
export type FileRole = 'terraform' | 'tfvars' | 'yaml';

/** The syntax a file is parsed with; 'hcl' and 'json' both produce the HCL AST (core/hcl/ast.ts). */
export type Syntax = 'hcl' | 'json' | 'yaml';

export interface FileType {
  /** File-name suffix, lower case (the longest matching suffix wins: `.tf.json` over `.json`). */
  suffix: string;
  role: FileRole;
  syntax: Syntax;
  /** What the file is, for messages and docs. */
  label: string;
  /** Whether a quick fix's replacement text can be written into this syntax (JSON takes JSON values only). */
  acceptsFix?: (text: string) => boolean;
}

const jsonValue = (text: string): boolean => {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v !== 'object' || v === null;
  } catch {
    return false;
  }
};

export const FILE_TYPES: readonly FileType[] = [
  { suffix: '.tf', role: 'terraform', syntax: 'hcl', label: 'Terraform configuration' },
  { suffix: '.tf.json', role: 'terraform', syntax: 'json', label: 'Terraform configuration (JSON syntax)', acceptsFix: jsonValue },
  { suffix: '.tofu', role: 'terraform', syntax: 'hcl', label: 'OpenTofu configuration' },
  { suffix: '.tofu.json', role: 'terraform', syntax: 'json', label: 'OpenTofu configuration (JSON syntax)', acceptsFix: jsonValue },
  { suffix: '.tfvars', role: 'tfvars', syntax: 'hcl', label: 'Terraform variable values' },
  { suffix: '.tfvars.json', role: 'tfvars', syntax: 'json', label: 'Terraform variable values (JSON syntax)', acceptsFix: jsonValue },
  { suffix: '.yml', role: 'yaml', syntax: 'yaml', label: 'YAML (Kubernetes manifest or workflow)' },
  { suffix: '.yaml', role: 'yaml', syntax: 'yaml', label: 'YAML (Kubernetes manifest or workflow)' },
];

const BY_LENGTH = [...FILE_TYPES].sort((a, b) => b.suffix.length - a.suffix.length);

/** The registered type of a path, by its name (plan JSON is recognised by content: core/files.ts). */
export function fileTypeOf(path: string): FileType | undefined {
  const lower = path.toLowerCase();
  return BY_LENGTH.find((t) => lower.endsWith(t.suffix) && lower.length > t.suffix.length);
}

/** A file of a Terraform module directory (configuration or variables, either syntax). */
export const isTerraformFile = (path: string): boolean => {
  const r = fileTypeOf(path)?.role;
  return r === 'terraform' || r === 'tfvars';
};

/** Globs for every registered file (the editor's document selector and watchers): `**\/*.{tf,tf.json,...}`. */
export function fileGlob(roles: readonly FileRole[] = ['terraform', 'tfvars', 'yaml']): string {
  return `**/*.{${FILE_TYPES.filter((t) => roles.includes(t.role)).map((t) => t.suffix.slice(1)).join(',')}}`;
}

/** Variable files Terraform loads on its own: terraform.tfvars(.json), then *.auto.tfvars(.json) by name. */
export function isAutoVarFile(path: string): boolean {
  const n = basename(path).toLowerCase();
  return n === 'terraform.tfvars' || n === 'terraform.tfvars.json' || n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json');
}

/** Terraform's loading order for automatic variable files: terraform.tfvars, terraform.tfvars.json, then *.auto.* by name. */
export function autoVarOrder(a: string, b: string): number {
  const rank = (p: string) => ['terraform.tfvars', 'terraform.tfvars.json'].indexOf(basename(p).toLowerCase());
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return (ra < 0 ? 2 : ra) - (rb < 0 ? 2 : rb);
  const na = basename(a);
  const nb = basename(b);
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * OpenTofu reads `x.tofu` instead of `x.tf` (and `x.tofu.json` instead of `x.tf.json`) in the same
 * directory. Returns the files kept and, for each ignored `.tf` twin, the file that replaces it.
 */
export function withoutShadowed(paths: readonly string[]): { kept: string[]; shadowed: { path: string; by: string }[] } {
  const have = new Set(paths.map((p) => p.toLowerCase()));
  const kept: string[] = [];
  const shadowed: { path: string; by: string }[] = [];
  for (const p of paths) {
    const m = /^(.*)\.tf(\.json)?$/i.exec(p);
    const twin = m ? `${m[1]}.tofu${m[2] ?? ''}` : undefined;
    if (twin && have.has(twin.toLowerCase())) shadowed.push({ path: p, by: paths.find((q) => q.toLowerCase() === twin.toLowerCase())! });
    else kept.push(p);
  }
  return { kept, shadowed };
}

/** The models rules read (a rule's `kind`), with the name the reporters count them under. */
export const INPUT_KINDS: readonly { kind: InputKind; label: string }[] = [
  { kind: 'terraform', label: 'Terraform' },
  { kind: 'kubernetes', label: 'Kubernetes' },
  { kind: 'workflow', label: 'workflow' },
];

export const emptyKindCounts = (): Record<InputKind, number> => Object.fromEntries(INPUT_KINDS.map((k) => [k.kind, 0])) as Record<InputKind, number>;

/** "3 Terraform, 2 Kubernetes, 1 workflow": the per-kind file counts every reporter shows. */
export const describeKindCounts = (counts: Record<InputKind, number>): string => INPUT_KINDS.map((k) => `${counts[k.kind] ?? 0} ${k.label}`).join(', ');
