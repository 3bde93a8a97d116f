// A small validator for exactly the JSON Schema constructs schemas/evidence-v1.json uses: type,
// const, enum, pattern, minimum, properties, required, additionalProperties: false, items, anyOf and
// local $ref into $defs. No JSON Schema library is a runtime dependency, and the schema is ours.
import schemaJson from '../../schemas/evidence-v1.json' with { type: 'json' };

type Schema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: Schema;
  anyOf?: Schema[];
  $defs?: Record<string, Schema>;
};

export const EVIDENCE_SCHEMA = schemaJson as unknown as Schema;

export interface SchemaError {
  /** JSON pointer of the offending value, e.g. /reviews/0/state. */
  path: string;
  message: string;
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const patterns = new Map<string, RegExp>();

function check(v: unknown, s: Schema, root: Schema, path: string, errs: SchemaError[]): void {
  if (errs.length >= 20) return;
  if (s.$ref) {
    const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
    const target = m ? root.$defs?.[m[1]] : undefined;
    if (!target) throw new Error(`schema: unsupported $ref ${s.$ref}`);
    check(v, target, root, path, errs);
    return;
  }
  const at = path || '/';
  if (s.anyOf) {
    let best: SchemaError[] | undefined;
    for (const alt of s.anyOf) {
      const e: SchemaError[] = [];
      check(v, alt, root, path, e);
      if (!e.length) return;
      if (!best || e.length < best.length) best = e;
    }
    errs.push(...(best ?? [{ path: at, message: 'matches no alternative' }]));
    return;
  }
  if ('const' in s && v !== s.const) {
    errs.push({ path: at, message: `must be ${JSON.stringify(s.const)}` });
    return;
  }
  if (s.enum && !s.enum.includes(v as never)) {
    errs.push({ path: at, message: `must be one of ${s.enum.map((x) => JSON.stringify(x)).join(', ')}` });
    return;
  }
  if (s.type) {
    const t = typeOf(v);
    const ok = (Array.isArray(s.type) ? s.type : [s.type]).some((x) => x === t || (x === 'number' && t === 'integer'));
    if (!ok) {
      errs.push({ path: at, message: `must be ${Array.isArray(s.type) ? s.type.join(' or ') : s.type}, not ${t}` });
      return;
    }
  }
  if (typeof v === 'string' && s.pattern) {
    let re = patterns.get(s.pattern);
    if (!re) patterns.set(s.pattern, (re = new RegExp(s.pattern, 'u')));
    if (!re.test(v)) errs.push({ path: at, message: `does not match ${s.pattern}` });
  }
  if (typeof v === 'number' && s.minimum !== undefined && v < s.minimum) errs.push({ path: at, message: `must be >= ${s.minimum}` });
  if (Array.isArray(v) && s.items) v.forEach((x, i) => check(x, s.items!, root, `${path}/${i}`, errs));
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of s.required ?? []) if (!(k in o)) errs.push({ path: at, message: `lacks required property "${k}"` });
    for (const [k, x] of Object.entries(o)) {
      const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const sub = s.properties?.[k];
      if (sub) check(x, sub, root, p, errs);
      else if (s.additionalProperties === false) errs.push({ path: p, message: 'is not allowed (unknown property)' });
    }
  }
}

export function validateAgainst(schema: Schema, value: unknown): SchemaError[] {
  const errs: SchemaError[] = [];
  check(value, schema, schema, '', errs);
  return errs;
}

/** Schema errors of an evidence record (empty when valid). */
export function validateRecord(value: unknown): SchemaError[] {
  return validateAgainst(EVIDENCE_SCHEMA, value);
}

/** A record that does not match the schema: never written, never appended. */
export class InvalidRecordError extends Error {
  constructor(readonly errors: SchemaError[]) {
    super(`the evidence record does not match schemas/evidence-v1.json: ${errors.slice(0, 3).map((e) => `${e.path} ${e.message}`).join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`);
  }
}

/** Throws InvalidRecordError unless `value` is a schema-valid record. */
export function assertValidRecord(value: unknown): void {
  const errs = validateRecord(value);
  if (errs.length) throw new InvalidRecordError(errs);
}
