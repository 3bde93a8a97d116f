// Values and defaults: reading attributes the way the provider does (defaults when omitted, renamed
// attributes, loose booleans), and the one check shape most rules need (requireBool). An Unknown
// value is never guessed: it becomes an indeterminate result with its reason.
import { fail, indeterminate } from '../../../core/rule.js';
import type { CheckResult, Location } from '../../../core/types.js';
import type { AttrRef, TfBody, TfModule } from '../../../core/terraform/model.js';
import { asBool, isUnknown, show, type Unknown, type Value } from '../../../core/terraform/values.js';
import { insertAttrFix, literalFix } from './fixes.js';

/** The first of several (renamed) attributes that is present, e.g. https_traffic_only_enabled / enable_https_traffic_only. */
export function firstAttr(body: TfBody, ...paths: string[]): { attr: AttrRef; path: string } | undefined {
  for (const path of paths) {
    const attr = body.get(path);
    if (attr) return { attr, path };
  }
  return undefined;
}

/** Where to report about a body: the `dynamic "x"` header for expanded dynamic content, else the block header. */
export const headerOf = (b: TfBody): Location => (b.dynamicBlock ? { file: b.file, ...b.dynamicBlock.headerRange } : b.headerLoc);

const MAYBE = 'dynamic block may not exist (for_each unknown)';

/**
 * A boolean attribute (under any of its names, newest first) must equal `want`.
 * - `dflt`: the provider default when the attribute is omitted or null (leave it out when the
 *   default is not `want`, or when there is none).
 * - `bad` / `missing`: the messages for a wrong value and for an omitted attribute.
 * - `fix`: offer a quick fix that writes `want`: over a literal (see literalFix), or as a new line in the
 *   block when the attribute is omitted (see insertAttrFix).
 * An Unknown value, or a value that is not a boolean, is indeterminate; a half-parsed body is never
 * reported as missing anything; content of a dynamic block that may not exist is indeterminate.
 */
export function* requireBool(
  body: TfBody,
  paths: string | readonly string[],
  want: boolean,
  o: { dflt?: boolean; bad: string; missing: string; blockLine?: number; fix?: boolean },
): Generator<CheckResult> {
  const blockLine = o.blockLine ?? body.block.range.startLine;
  const found = firstAttr(body, ...(typeof paths === 'string' ? [paths] : paths));
  const a = found?.attr;
  if (!found || !a || a.value === null) {
    if (o.dflt === want || body.hasError) return;
    if (body.maybe) {
      yield indeterminate(headerOf(body), MAYBE, blockLine);
      return;
    }
    // The fix writes the newest name; a dotted path would need a nested block, which is not guessed.
    const name = found?.path ?? (typeof paths === 'string' ? paths : paths[0]);
    const fixes = !o.fix ? undefined : a ? literalFix(a, `Set ${name} = ${want}`, String(want)) : name.includes('.') ? undefined : insertAttrFix(body, name, String(want));
    yield fail(a?.loc ?? body.headerLoc, o.missing, { blockLine, fixes });
    return;
  }
  const b = asBool(a.value);
  if (isUnknown(b)) {
    yield indeterminate(a.loc, `${found.path}: ${b.reason}`, blockLine);
    return;
  }
  if (b === undefined) {
    // terraform validate rejects it; Trustgate cannot say what the provider would do.
    yield indeterminate(a.loc, `${found.path}: ${show(a.value)} is not a boolean`, blockLine);
    return;
  }
  if (b === want) return;
  const name = found.path.split('.').pop();
  yield fail(a.loc, o.bad, { blockLine, fixes: o.fix ? literalFix(a, `Set ${name} = ${want}`, String(want)) : undefined });
}

/** Read a boolean attribute of an optional body: true / false, or the reason it cannot be known. Absent: `dflt`. */
export function boolAt(body: TfBody | undefined, path: string, dflt: boolean): boolean | string {
  if (!body) return dflt;
  if (body.maybe) return MAYBE;
  const a = body.get(path);
  if (!a || a.value === null) return dflt;
  const b = asBool(a.value);
  if (isUnknown(b)) return `${path}: ${b.reason}`;
  return b ?? dflt;
}

/** Loose booleans as metadata maps and flags write them: "TRUE", "true", "1", "on", true → true (and the opposites). */
export function looseBool(v: Value): boolean | Unknown | undefined {
  if (isUnknown(v)) return v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1' || t === 'yes' || t === 'on') return true;
    if (t === 'false' || t === '0' || t === 'no' || t === 'off') return false;
  }
  return undefined;
}

/** Combine conditions: any false → false; else any Unknown → that Unknown; else true. */
export function allOf(...cs: (boolean | Unknown)[]): boolean | Unknown {
  if (cs.some((c) => c === false)) return false;
  return cs.find(isUnknown) ?? true;
}

/** A TLS version in any provider spelling ("TLS1_2", "1.2", "TLS1_0", "Tls12") as its minor number; undefined when unparseable. */
export function tlsMinor(v: string): number | undefined {
  const m = /^(?:tls)?\s*_?v?1[._]?(\d)$/i.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

/** A resource's `metadata` map entry for a key (GCP instance and project metadata), or undefined / Unknown. */
export function metadataValue(r: TfBody, key: string): { value: Value; loc: Location } | Unknown | undefined {
  const a = r.attr('metadata');
  if (!a) return undefined;
  if (isUnknown(a.value)) return a.value;
  if (a.value && typeof a.value === 'object' && !Array.isArray(a.value)) {
    const v = (a.value as Record<string, Value>)[key];
    if (v === undefined) return undefined;
    return { value: v, loc: a.loc };
  }
  return undefined;
}

/**
 * A companion of `type` in a calling module whose `attr` refers to a module output
 * (server_id = module.sql[each.key].id): it may target a resource of this child module, which the
 * child cannot see. Rules report indeterminate instead of "missing" then.
 */
export function companionInCaller(m: TfModule, type: string, attr: string): boolean {
  for (let p = m.parent; p; p = p.parent) {
    if (p.resourcesOf(type).some((c) => [...c.references(attr)].some((r) => r.startsWith('module.')))) return true;
  }
  return false;
}
