// Network exposure on AWS: ingress permissions of security groups and network ACLs, from inline
// blocks and standalone rule resources alike, normalised to one shape (Ingress) with port and
// world-source questions that answer true, false or Unknown.
import type { Location } from '../../../core/types.js';
import type { TfBody, TfModule, TfResource } from '../../../core/terraform/model.js';
import { Unknown, asList, asNumber, isUnknown, type Value } from '../../../core/terraform/values.js';
import { isWorldCidr } from './network.js';

/** One ingress permission, normalised from an inline block or a standalone rule resource. */
export interface Ingress {
  owner: TfResource;
  /** Where to report (the CIDR attribute when present, else the block header). */
  loc: Location;
  blockLine: number;
  /** "protocol" as written: "-1", "all", "tcp", "6", ... */
  protocol: Value;
  from: Value;
  to: Value;
  /** CIDRs (IPv4 and IPv6 together), or Unknown. */
  cidrs: Value[] | Unknown;
  /** A human label, e.g. `security group "web" ingress` */
  label: string;
  maybe: boolean;
}

function cidrList(body: TfBody, ...attrs: string[]): { cidrs: Value[] | Unknown; loc?: Location } {
  const out: Value[] = [];
  let loc: Location | undefined;
  for (const n of attrs) {
    const a = body.attr(n);
    if (!a) continue;
    const l = asList(a.value);
    if (isUnknown(l)) return { cidrs: l, loc: a.loc };
    if (l) {
      if (!loc || l.some((x) => typeof x === 'string' && isWorldCidr(x))) loc = a.loc;
      out.push(...l);
    }
  }
  return { cidrs: out, loc };
}

/** Every ingress permission in the module: aws_security_group ingress blocks, aws_security_group_rule (ingress), aws_vpc_security_group_ingress_rule. */
export function securityGroupIngress(m: TfModule, includeDefaultSg = false): Ingress[] {
  const out: Ingress[] = [];
  const types = includeDefaultSg ? ['aws_security_group', 'aws_default_security_group'] : ['aws_security_group'];
  for (const sg of m.resourcesOf(...types)) {
    for (const b of sg.blocks('ingress')) {
      const { cidrs, loc } = cidrList(b, 'cidr_blocks', 'ipv6_cidr_blocks');
      out.push({
        owner: sg,
        loc: loc ?? b.headerLoc,
        blockLine: sg.block.range.startLine,
        protocol: b.value('protocol') ?? new Unknown('protocol is not set'),
        from: b.value('from_port') ?? 0,
        to: b.value('to_port') ?? 0,
        cidrs,
        label: `Security group "${sg.name}" ingress rule`,
        maybe: b.maybe,
      });
    }
  }
  for (const r of m.resourcesOf('aws_security_group_rule')) {
    const t = r.value('type');
    if (isUnknown(t)) {
      const { cidrs } = cidrList(r, 'cidr_blocks', 'ipv6_cidr_blocks');
      if (!isUnknown(cidrs) && !cidrs.some((c) => typeof c === 'string' && isWorldCidr(c))) continue;
    } else if (t !== 'ingress') continue;
    const { cidrs, loc } = cidrList(r, 'cidr_blocks', 'ipv6_cidr_blocks');
    out.push({
      owner: r,
      loc: loc ?? r.headerLoc,
      blockLine: r.block.range.startLine,
      protocol: isUnknown(t) ? t : (r.value('protocol') ?? new Unknown('protocol is not set')),
      from: r.value('from_port') ?? 0,
      to: r.value('to_port') ?? 0,
      cidrs,
      label: `Security group rule "${r.name}"`,
      maybe: false,
    });
  }
  for (const r of m.resourcesOf('aws_vpc_security_group_ingress_rule')) {
    const { cidrs, loc } = cidrList(r, 'cidr_ipv4', 'cidr_ipv6');
    const proto = r.value('ip_protocol') ?? new Unknown('ip_protocol is not set');
    const all = !isUnknown(proto) && isAllProtocol(proto);
    out.push({
      owner: r,
      loc: loc ?? r.headerLoc,
      blockLine: r.block.range.startLine,
      protocol: proto,
      from: all ? 0 : (r.value('from_port') ?? new Unknown('from_port is not set')),
      to: all ? 65535 : (r.value('to_port') ?? new Unknown('to_port is not set')),
      cidrs,
      label: `Security group ingress rule "${r.name}"`,
      maybe: false,
    });
  }
  return out;
}

/** NACL ingress "allow" entries: aws_network_acl / aws_default_network_acl ingress blocks and aws_network_acl_rule (egress = false). */
export function naclIngress(m: TfModule): Ingress[] {
  const out: Ingress[] = [];
  for (const acl of m.resourcesOf('aws_network_acl', 'aws_default_network_acl')) {
    for (const b of acl.blocks('ingress')) {
      const action = b.value('action');
      if (typeof action === 'string' && action.toLowerCase() !== 'allow') continue;
      const { cidrs, loc } = cidrList(b, 'cidr_block', 'ipv6_cidr_block');
      out.push({
        owner: acl,
        loc: loc ?? b.headerLoc,
        blockLine: acl.block.range.startLine,
        protocol: isUnknown(action) ? action : (b.value('protocol') ?? new Unknown('protocol is not set')),
        from: b.value('from_port') ?? 0,
        to: b.value('to_port') ?? 0,
        cidrs,
        label: `Network ACL "${acl.name}" ingress entry`,
        maybe: b.maybe,
      });
    }
  }
  for (const r of m.resourcesOf('aws_network_acl_rule')) {
    const egress = r.value('egress');
    if (egress === true || egress === 'true') continue;
    const action = r.value('rule_action');
    if (typeof action === 'string' && action.toLowerCase() !== 'allow') continue;
    const { cidrs, loc } = cidrList(r, 'cidr_block', 'ipv6_cidr_block');
    const unknownGate = isUnknown(egress) ? egress : isUnknown(action) ? action : undefined;
    out.push({
      owner: r,
      loc: loc ?? r.headerLoc,
      blockLine: r.block.range.startLine,
      protocol: unknownGate ?? r.value('protocol') ?? new Unknown('protocol is not set'),
      from: r.value('from_port') ?? 0,
      to: r.value('to_port') ?? 65535,
      cidrs,
      label: `Network ACL rule "${r.name}"`,
      maybe: false,
    });
  }
  return out;
}

const isAllProtocol = (p: Value) => p === -1 || p === '-1' || (typeof p === 'string' && p.toLowerCase() === 'all');

const PROTO_NUM: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };
const protocolName = (p: Value): string | undefined =>
  typeof p === 'number' ? (PROTO_NUM[String(p)] ?? String(p)) : typeof p === 'string' ? (PROTO_NUM[p] ?? p.toLowerCase()) : undefined;

/** true / false / Unknown: does the entry admit traffic from the whole internet? */
export function fromWorld(i: Ingress): boolean | Unknown {
  if (isUnknown(i.cidrs)) return i.cidrs;
  if (i.cidrs.some((c) => typeof c === 'string' && isWorldCidr(c))) return true;
  const u = i.cidrs.find(isUnknown);
  return u ?? false;
}

/** Does the entry cover `port` for one of `protocols` (protocol "all" covers every port)? */
export function coversPort(i: Ingress, port: number, protocols: string[] = ['tcp']): boolean | Unknown {
  if (isUnknown(i.protocol)) return i.protocol;
  if (isAllProtocol(i.protocol)) return true;
  const p = protocolName(i.protocol);
  if (!p || !protocols.includes(p)) return false;
  const f = asNumber(i.from);
  const t = asNumber(i.to);
  if (isUnknown(f)) return f;
  if (isUnknown(t)) return t;
  if (f === undefined || t === undefined) return new Unknown('port range is not a number');
  // AWS treats from_port = to_port = 0 (or -1) with tcp/udp as "no port" only for ICMP; for tcp 0-0 it is port 0.
  return f <= port && port <= t;
}

/** Does the entry open every port (protocol all, or tcp/udp 0-65535)? */
export function coversAllPorts(i: Ingress): boolean | Unknown {
  if (isUnknown(i.protocol)) return i.protocol;
  if (isAllProtocol(i.protocol)) return true;
  const p = protocolName(i.protocol);
  if (p !== 'tcp' && p !== 'udp') return false;
  const f = asNumber(i.from);
  const t = asNumber(i.to);
  if (isUnknown(f)) return f;
  if (isUnknown(t)) return t;
  return f !== undefined && t !== undefined && f <= 1 && t >= 65535;
}

export const portText = (i: Ingress): string => {
  if (!isUnknown(i.protocol) && isAllProtocol(i.protocol)) return 'all protocols and ports';
  const f = asNumber(i.from);
  const t = asNumber(i.to);
  const p = protocolName(i.protocol) ?? 'unknown protocol';
  return f === t ? `${p} port ${String(f)}` : `${p} ports ${String(f)}-${String(t)}`;
};
