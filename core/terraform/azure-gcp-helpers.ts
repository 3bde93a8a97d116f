// Helpers shared by the Azure (azurerm) and Google Cloud Terraform rules: boolean/enum attributes
// with provider defaults and renamed attributes, NSG / firewall normalisation, port-range and
// world-source matching, IAM member checks. (Kept in core/ because every .ts under rules/ is a rule.)
import { fail, indeterminate, replaceValueFix } from '../rule.js';
import type { CheckResult, Fix, Location } from '../types.js';
import type { AttrRef, TfBody, TfModule, TfResource } from './model.js';
import { evaluate } from './eval.js';
import { Unknown, asBool, asList, isUnknown, type Value } from './values.js';

/** A quick fix only when the attribute is a plain literal (never rewrite a variable reference). */
export function litFix(a: AttrRef, title: string, text: string): Fix[] | undefined {
  return a.expr.t === 'lit' || (a.expr.t === 'tmpl' && !a.expr.heredoc && a.expr.parts.every((p) => typeof p === 'string'))
    ? [replaceValueFix(a, title, text)]
    : undefined;
}

/** The first of several (renamed) attributes that is present, e.g. https_traffic_only_enabled / enable_https_traffic_only. */
export function firstAttr(body: TfBody, ...paths: string[]): AttrRef | undefined {
  for (const p of paths) {
    const a = body.get(p);
    if (a) return a;
  }
  return undefined;
}

export const blockLineOf = (b: TfBody) => b.block.range.startLine;

/** App Service and Function app resource types (current and legacy azurerm), slots included. */
export const AZURE_APP_TYPES = [
  'azurerm_linux_web_app',
  'azurerm_windows_web_app',
  'azurerm_linux_function_app',
  'azurerm_windows_function_app',
  'azurerm_linux_web_app_slot',
  'azurerm_windows_web_app_slot',
  'azurerm_linux_function_app_slot',
  'azurerm_windows_function_app_slot',
  'azurerm_app_service',
  'azurerm_function_app',
];

/**
 * A boolean attribute (under any of its names) must equal `want`. `dflt` is the provider default when
 * omitted. Unknown → indeterminate; a half-parsed or maybe-absent body is never reported as missing.
 */
export function* wantBool(
  body: TfBody,
  paths: string | string[],
  want: boolean,
  o: { dflt: boolean | undefined; bad: string; missing: string; blockLine?: number; fix?: boolean },
): Generator<CheckResult> {
  const names = typeof paths === 'string' ? [paths] : paths;
  const blockLine = o.blockLine ?? blockLineOf(body);
  const a = firstAttr(body, ...names);
  if (!a || a.value === null) {
    if (o.dflt === want || body.hasError) return;
    if (body.maybe) {
      yield indeterminate(headerOf(body), 'dynamic block may not exist (for_each unknown)', blockLine);
      return;
    }
    yield fail(a ? a.loc : body.headerLoc, o.missing, { blockLine });
    return;
  }
  const b = asBool(a.value);
  if (isUnknown(b)) {
    yield indeterminate(a.loc, `${a.name}: ${b.reason}`, blockLine);
    return;
  }
  if (b === undefined) return; // not a boolean: leave it to terraform validate
  if (b === want) return;
  yield fail(a.loc, o.bad, { blockLine, fixes: o.fix ? litFix(a, `Set ${a.name} = ${want}`, String(want)) : undefined });
}

export const num = (v: Value | undefined): number | Unknown | undefined =>
  isUnknown(v) ? v : typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v)) ? Number(v) : undefined;

export const str = (v: Value | undefined): string | Unknown | undefined =>
  isUnknown(v) ? v : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Compare TLS version strings in any provider spelling: "TLS1_2", "1.2", "TLS1_0", "Tls12". Undefined when unparseable. */
export function tlsMinor(v: string): number | undefined {
  const m = /^(?:tls)?\s*_?v?1[._]?(\d)$/i.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

// ---- Ports ------------------------------------------------------------------------------------

/** A port spec: "22", "1000-2000", 22, "*" (Azure: every port). Returns [from, to] or undefined. */
export function portRange(v: Value): [number, number] | Unknown | undefined {
  if (isUnknown(v)) return v;
  if (typeof v === 'number') return [v, v];
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '*') return [0, 65535];
  const m = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(s);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

/** Ports from several port specs: the ranges, or the first Unknown. */
export function portRanges(specs: Value[]): [number, number][] | Unknown {
  const out: [number, number][] = [];
  for (const s of specs) {
    const r = portRange(s);
    if (isUnknown(r)) return r;
    if (r) out.push(r);
  }
  return out;
}

export const rangesCover = (rs: [number, number][], port: number) => rs.some(([f, t]) => f <= port && port <= t);
export const rangesAll = (rs: [number, number][]) => rs.some(([f, t]) => f <= 1 && t >= 65535);

export const showRanges = (rs: [number, number][]) => rs.map(([f, t]) => (f === t ? String(f) : f <= 1 && t >= 65535 ? 'all' : `${f}-${t}`)).join(', ');

// ---- IPv4 ranges --------------------------------------------------------------------------------

export function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255)) return undefined;
  return ((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3];
}

/** A world-open CIDR (IPv4 or IPv6 /0). */
export const isWorldCidr = (c: string) => /^(0\.0\.0\.0|::|0::|0:0:0:0:0:0:0:0)\/0$/.test(c.trim());

// ---- Azure NSG rules ------------------------------------------------------------------------

/** Azure NSG source tokens meaning "anyone on the internet". */
export const isAzureWorldSource = (s: string) => {
  const t = s.trim().toLowerCase();
  return t === '*' || t === 'internet' || t === 'any' || t === '0.0.0.0' || isWorldCidr(t);
};

export interface NsgRule {
  owner: TfResource;
  body: TfBody;
  label: string;
  /** Where to report: the source attribute when present, else the rule header. */
  loc: Location;
  blockLine: number;
  /** Inbound + Allow (true), or not (false), or unknown. */
  inboundAllow: boolean | Unknown;
  /** From the internet: true / false / unknown. */
  world: boolean | Unknown;
  protocol: string | Unknown;
  ports: [number, number][] | Unknown;
  /** Dynamic block with unknown for_each: the rule may not exist. */
  maybe: boolean;
}

function nsgRule(owner: TfResource, body: TfBody, label: string): NsgRule {
  const dir = str(body.value('direction'));
  const acc = str(body.value('access'));
  let inboundAllow: boolean | Unknown;
  if (isUnknown(dir)) inboundAllow = dir;
  else if (isUnknown(acc)) inboundAllow = acc;
  else inboundAllow = dir?.toLowerCase() === 'inbound' && acc?.toLowerCase() === 'allow';

  let world: boolean | Unknown = false;
  let loc: Location | undefined;
  for (const n of ['source_address_prefix', 'source_address_prefixes']) {
    const a = body.attr(n);
    if (!a) continue;
    const l = asList(a.value);
    if (isUnknown(l)) {
      if (world === false) world = l;
      loc ??= a.loc;
      continue;
    }
    for (const x of l ?? []) {
      if (isUnknown(x)) {
        if (world === false) world = x;
        loc ??= a.loc;
      } else if (typeof x === 'string' && isAzureWorldSource(x)) {
        world = true;
        loc = a.loc;
      }
    }
  }
  // An application security group as the source is never "the internet".
  const proto = str(body.value('protocol')) ?? '*';
  const specs: Value[] = [];
  let ports: [number, number][] | Unknown = [];
  for (const n of ['destination_port_range', 'destination_port_ranges']) {
    const a = body.attr(n);
    if (!a) continue;
    const l = asList(a.value);
    if (isUnknown(l)) {
      ports = l;
      break;
    }
    specs.push(...(l ?? []));
  }
  if (!isUnknown(ports)) ports = portRanges(specs);
  return {
    owner,
    body,
    label,
    loc: loc ?? body.headerLoc,
    blockLine: blockLineOf(owner),
    inboundAllow,
    world,
    protocol: proto,
    ports,
    maybe: body.maybe,
  };
}

/** Every NSG rule in the module: inline security_rule blocks and azurerm_network_security_rule resources. */
export function nsgRules(m: TfModule): NsgRule[] {
  const out: NsgRule[] = [];
  for (const g of m.resourcesOf('azurerm_network_security_group'))
    for (const b of g.blocks('security_rule')) {
      const n = str(b.value('name'));
      out.push(nsgRule(g, b, `Network security group "${g.name}" rule${typeof n === 'string' ? ` "${n}"` : ''}`));
    }
  for (const r of m.resourcesOf('azurerm_network_security_rule')) out.push(nsgRule(r, r, `Network security rule "${r.name}"`));
  return out;
}

/** Protocol "*" / "Tcp" / "Udp" / "Icmp" ... : does it carry `want` (tcp/udp)? */
export const protoCarries = (p: string, want: 'tcp' | 'udp') => {
  const t = p.toLowerCase();
  return t === '*' || t === 'any' || t === 'all' || t === want || (want === 'tcp' && t === '6') || (want === 'udp' && t === '17');
};

// ---- GCP firewall ---------------------------------------------------------------------------

export interface GcpAllow {
  fw: TfResource;
  body: TfBody;
  protocol: string | Unknown;
  /** undefined ports attribute = every port of the protocol. */
  ports: [number, number][] | Unknown;
  maybe: boolean;
}

/**
 * Is a google_compute_firewall an enabled ingress rule open to the internet? Returns the location
 * to report, or an Unknown, or false.
 */
export function gcpFirewallFromWorld(fw: TfResource): { loc: Location } | Unknown | false {
  const disabled = asBool(fw.value('disabled') ?? false);
  if (isUnknown(disabled)) return disabled;
  if (disabled === true) return false;
  const dir = str(fw.value('direction') ?? 'INGRESS');
  if (isUnknown(dir)) return dir;
  if (dir?.toUpperCase() !== 'INGRESS') return false;
  const sr = fw.attr('source_ranges');
  if (!sr || sr.value === null) {
    // No source at all: the API defaults source_ranges to 0.0.0.0/0.
    if (fw.attr('source_tags') || fw.attr('source_service_accounts')) return false;
    if (fw.hasError) return false;
    return { loc: fw.headerLoc };
  }
  const l = asList(sr.value);
  if (isUnknown(l)) return l;
  if ((l ?? []).some((c) => typeof c === 'string' && isWorldCidr(c))) return { loc: sr.loc };
  const u = (l ?? []).find(isUnknown);
  return u ?? false;
}

export function gcpAllows(fw: TfResource): GcpAllow[] {
  return fw.blocks('allow').map((b) => {
    const protocol = str(b.value('protocol')) ?? new Unknown('protocol is not set');
    const pa = b.attr('ports');
    let ports: [number, number][] | Unknown = [[0, 65535]];
    if (pa && pa.value !== null) {
      const l = asList(pa.value);
      ports = isUnknown(l) ? l : portRanges(l ?? []);
      if (!isUnknown(ports) && ports.length === 0) ports = [[0, 65535]];
    }
    return { fw, body: b, protocol, ports, maybe: b.maybe };
  });
}

export const gcpProtoCarries = (p: string, want: 'tcp' | 'udp') => {
  const t = p.toLowerCase();
  return t === 'all' || t === want || (want === 'tcp' && t === '6') || (want === 'udp' && t === '17');
};

// ---- IAM members ----------------------------------------------------------------------------

export const isPublicMember = (m: string) => {
  const t = m.trim();
  return t === 'allUsers' || t === 'allAuthenticatedUsers';
};

/**
 * Members of an *_iam_member (member) or *_iam_binding (members) resource: the attribute and its
 * string members, or an Unknown.
 */
export function iamMembers(r: TfResource): { attr?: AttrRef; members: string[] | Unknown } {
  const a = r.attr('member') ?? r.attr('members');
  if (!a) return { members: [] };
  const l = asList(a.value);
  if (isUnknown(l)) return { attr: a, members: l };
  const out: string[] = [];
  for (const x of l ?? []) {
    if (isUnknown(x)) return { attr: a, members: x };
    if (typeof x === 'string') out.push(x);
  }
  return { attr: a, members: out };
}

/** A resource's `metadata` map value for a key ("TRUE"/"true"/true), or undefined/Unknown. */
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

/** "TRUE", "true", true → true; "FALSE", "false", false → false. */
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

/**
 * A member computed from another resource's attribute (a sink's writer_identity, a service account's
 * email or member) is that resource's identity, never allUsers / allAuthenticatedUsers.
 */
const fromResourceIdentity = (u: Unknown) => / is known only after apply$/.test(u.reason);

// ---- GCP public IAM grants ------------------------------------------------------------------

export interface PublicGrant {
  r: TfResource;
  loc: Location;
  /** "allUsers" / "allAuthenticatedUsers", or Unknown when a member cannot be resolved. */
  member: string | Unknown;
  role?: string;
  related?: { message: string; location: Location }[];
}

/**
 * Public grants in *_iam_member / *_iam_binding resources of `types`, and in *_iam_policy resources
 * whose policy_data comes from a data "google_iam_policy" in the module.
 */
export function publicIamGrants(m: TfModule, memberTypes: string[], policyTypes: string[] = []): PublicGrant[] {
  const out: PublicGrant[] = [];
  for (const r of m.resourcesOf(...memberTypes)) {
    const { attr, members } = iamMembers(r);
    if (!attr) continue;
    const role = str(r.value('role'));
    const roleS = typeof role === 'string' ? role : undefined;
    if (isUnknown(members)) {
      if (!fromResourceIdentity(members)) out.push({ r, loc: attr.loc, member: members, role: roleS });
      continue;
    }
    const pub = members.find(isPublicMember);
    if (pub) out.push({ r, loc: attr.loc, member: pub, role: roleS });
  }
  for (const r of m.resourcesOf(...policyTypes)) {
    const pd = r.attr('policy_data');
    if (!pd) continue;
    const refs = [...r.references('policy_data')].filter((x) => x.startsWith('data.google_iam_policy.'));
    const docs = m.dataOf('google_iam_policy').filter((d) => refs.includes(`data.google_iam_policy.${d.name}`));
    for (const d of docs) {
      for (const b of d.blocks('binding')) {
        const ma = b.attr('members');
        if (!ma) continue;
        const l = asList(ma.value);
        const role = str(b.value('role'));
        const related = [{ message: `${r.resourceType} "${r.name}" applies this policy`, location: r.headerLoc }];
        if (isUnknown(l)) {
          if (!fromResourceIdentity(l)) out.push({ r, loc: ma.loc, member: l, related });
          continue;
        }
        const u = (l ?? []).find((x): x is Unknown => isUnknown(x) && !fromResourceIdentity(x));
        const pub = (l ?? []).find((x): x is string => typeof x === 'string' && isPublicMember(x));
        if (pub) out.push({ r, loc: ma.loc, member: pub, role: typeof role === 'string' ? role : undefined, related });
        else if (u) out.push({ r, loc: ma.loc, member: u, related });
      }
    }
  }
  return out;
}

/** Where to report about a body: the `dynamic "x"` header for expanded dynamic content, else the block header. */
export const headerOf = (b: TfBody): Location =>
  b.dynamicBlock ? { file: b.file, ...b.dynamicBlock.headerRange } : b.headerLoc;

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

// ---- Provider versions --------------------------------------------------------------------------

/**
 * The single major version of a provider that the module's (or a calling module's) version constraint
 * allows, e.g. 2 for "~> 2.46" or ">= 2.0, < 3.0"; undefined when absent or when several majors fit.
 */
export function providerMajor(m: TfModule, provider: string): number | undefined {
  for (let mod: TfModule | undefined = m; mod; mod = mod.parent) {
    for (const f of mod.files)
      for (const t of f.blocks.filter((b) => b.type === 'terraform'))
        for (const rp of t.blocks.filter((b) => b.type === 'required_providers')) {
          const a = rp.attributes.get(provider);
          if (!a) continue;
          const v = evaluate(a.expr, mod);
          const c = typeof v === 'string' ? v : v && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) ? v.version : undefined;
          if (typeof c === 'string') return constraintMajor(c);
        }
  }
  return undefined;
}

export function constraintMajor(c: string): number | undefined {
  let lo = 0;
  let hi = Infinity;
  for (const part of c.split(',')) {
    const m = /^\s*(!=|~>|>=|<=|>|<|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(part);
    if (!m) return undefined;
    const op = m[1] ?? '=';
    const maj = Number(m[2]);
    const minor = m[3] === undefined ? undefined : Number(m[3]);
    const patch = m[4] === undefined ? undefined : Number(m[4]);
    if (op === '!=') continue;
    if (op === '=' || (op === '~>' && minor !== undefined)) {
      // "= 2.1.0" pins a major; "~> 2.1" allows 2.x and "~> 2.1.0" 2.1.x ("~> 2" allows any >= 2).
      lo = Math.max(lo, maj);
      hi = Math.min(hi, maj);
    } else if (op === '~>') lo = Math.max(lo, maj);
    else if (op === '>=' || op === '>') lo = Math.max(lo, maj);
    else if (op === '<') hi = Math.min(hi, (minor ?? 0) === 0 && (patch ?? 0) === 0 ? maj - 1 : maj);
    else if (op === '<=') hi = Math.min(hi, maj);
  }
  return lo === hi ? lo : undefined;
}
