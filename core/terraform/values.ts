// Values of evaluated Terraform expressions. A value that cannot be known statically is an Unknown
// with a reason, never a guess: rules that depend on it report it as indeterminate.

export class Unknown {
  constructor(
    readonly reason: string,
    /** Structure known so far (e.g. a jsonencode() argument with one unknown leaf). */
    readonly partial?: Value,
    /** An evaluation error (missing attribute, bad function call) rather than a value known after apply. */
    readonly error = false,
  ) {}
}

/**
 * A string template ("arn:aws:s3:::${var.bucket}/*", a heredoc policy) with unknown interpolations:
 * its literal text is known, so a JSON document written as a template keeps its known structure
 * (core/terraform/policy-document.ts reads it).
 */
export class UnknownTemplate extends Unknown {
  constructor(
    reason: string,
    /** Literal text and the unknown values interpolated between it, in order. */
    readonly parts: (string | Unknown)[],
  ) {
    super(reason);
  }
}

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value } | Unknown;

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

export const isObject = (v: unknown): v is { [k: string]: Value } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);

/** True when the value (deeply) contains an Unknown. */
export function hasUnknown(v: Value, depth = 0): boolean {
  if (v instanceof Unknown) return true;
  if (depth > 64) return true;
  if (Array.isArray(v)) return v.some((x) => hasUnknown(x, depth + 1));
  if (isObject(v)) return Object.values(v).some((x) => hasUnknown(x, depth + 1));
  return false;
}

/** The first Unknown found inside a value, for its reason. */
export function firstUnknown(v: Value, depth = 0): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (depth > 64) return new Unknown('value nested too deeply');
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = firstUnknown(x, depth + 1);
      if (u) return u;
    }
  } else if (isObject(v)) {
    for (const x of Object.values(v)) {
      const u = firstUnknown(x, depth + 1);
      if (u) return u;
    }
  }
  return undefined;
}

/** Terraform's loose truthiness for bool-typed attributes ("true" strings are converted). */
export function asBool(v: Value): boolean | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function asString(v: Value | undefined): string | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A number, or a string that holds one ("30"), as Terraform converts for number-typed attributes. */
export function asNumber(v: Value | undefined): number | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v))) return Number(v);
  return undefined;
}

/** A list value (sets and tuples alike); a single string becomes a one-element list. */
export function asList(v: Value): Value[] | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) return v;
  if (v === null) return [];
  if (typeof v === 'string') return [v];
  return undefined;
}

/** Render for messages: short, never the full value of something long. */
export function show(v: Value): string {
  if (v instanceof Unknown) return '(unknown)';
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Convert to plain JSON-able data (Unknown becomes its partial or null). */
export function toPlain(v: Value, depth = 0): unknown {
  if (v instanceof Unknown) return v.partial !== undefined && depth < 64 ? toPlain(v.partial, depth + 1) : null;
  if (depth > 64) return null;
  if (Array.isArray(v)) return v.map((x) => toPlain(x, depth + 1));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x, depth + 1)]));
  return v;
}
