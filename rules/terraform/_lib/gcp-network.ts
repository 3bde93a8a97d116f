// Network exposure on Google Cloud: google_compute_firewall rules open to the internet and their
// `allow` blocks as protocol + port ranges.
import type { Location } from '../../../core/types.js';
import type { TfBody, TfResource } from '../../../core/terraform/model.js';
import { Unknown, asBool, asList, asString, isUnknown } from '../../../core/terraform/values.js';
import { isWorldCidr, portRanges, type PortRange } from './network.js';

export interface GcpAllow {
  fw: TfResource;
  body: TfBody;
  protocol: string | Unknown;
  /** undefined ports attribute = every port of the protocol. */
  ports: PortRange[] | Unknown;
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
  const dir = asString(fw.value('direction') ?? 'INGRESS');
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
    const protocol = asString(b.value('protocol')) ?? new Unknown('protocol is not set');
    const pa = b.attr('ports');
    let ports: PortRange[] | Unknown = [[0, 65535]];
    if (pa && pa.value !== null) {
      const l = asList(pa.value);
      ports = isUnknown(l) ? l : portRanges(l ?? []);
      if (!isUnknown(ports) && ports.length === 0) ports = [[0, 65535]];
    }
    return { fw, body: b, protocol, ports, maybe: b.maybe };
  });
}
