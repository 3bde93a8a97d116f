// Network exposure, cloud-neutral: world-open CIDRs, IPv4 addresses, port specs and protocols.
// The cloud-specific readers (security groups, NSGs, firewalls) build on these.
import { isUnknown, type Unknown, type Value } from '../../../core/terraform/values.js';

/** A world-open CIDR: IPv4 or IPv6 /0 in any spelling Terraform users write. */
export const isWorldCidr = (c: string): boolean => /^(0\.0\.0\.0|::|0::|0:0:0:0:0:0:0:0)\/0$/.test(c.trim());

/** An IPv4 address as a 32-bit number, or undefined when it is not one. */
export function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255)) return undefined;
  return ((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3];
}

export type PortRange = [from: number, to: number];

/** A port spec: "22", "1000-2000", 22, "*" (every port). Returns [from, to], an Unknown, or undefined. */
export function portRange(v: Value): PortRange | Unknown | undefined {
  if (isUnknown(v)) return v;
  if (typeof v === 'number') return [v, v];
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '*') return [0, 65535];
  const m = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(s);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

/** Port ranges from several port specs, or the first Unknown among them. */
export function portRanges(specs: Value[]): PortRange[] | Unknown {
  const out: PortRange[] = [];
  for (const s of specs) {
    const r = portRange(s);
    if (isUnknown(r)) return r;
    if (r) out.push(r);
  }
  return out;
}

export const rangesCover = (rs: PortRange[], port: number): boolean => rs.some(([f, t]) => f <= port && port <= t);

/** Every port (0 or 1 up to 65535). */
export const rangesAll = (rs: PortRange[]): boolean => rs.some(([f, t]) => f <= 1 && t >= 65535);

/**
 * Does a protocol as Azure and Google Cloud write it ("*", "Any", "all", "Tcp", "6", ...) carry `want`?
 * (AWS writes "-1" for all protocols: see aws-network.ts.)
 */
export const protocolCarries = (p: string, want: 'tcp' | 'udp'): boolean => {
  const t = p.trim().toLowerCase();
  return t === '*' || t === 'any' || t === 'all' || t === want || (want === 'tcp' && t === '6') || (want === 'udp' && t === '17');
};
