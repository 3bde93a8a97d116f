// Network exposure on Azure: network security group rules, inline `security_rule` blocks and
// azurerm_network_security_rule resources alike, normalised to one shape (NsgRule).
import type { Location } from '../../../core/types.js';
import type { TfBody, TfModule, TfResource } from '../../../core/terraform/model.js';
import { asList, asString, isUnknown, type Unknown, type Value } from '../../../core/terraform/values.js';
import { isWorldCidr, portRanges, type PortRange } from './network.js';

/**
 * Azure NSG source tokens meaning "anyone on the internet": `*`, the Internet / Any service tags and
 * world CIDRs. A bare `0.0.0.0` is one (unusable) address, not the internet: Azure reads an address
 * without a prefix length as a /32.
 */
export const isAzureWorldSource = (s: string) => {
  const t = s.trim().toLowerCase();
  return t === '*' || t === 'internet' || t === 'any' || isWorldCidr(t);
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
  ports: PortRange[] | Unknown;
  /** Dynamic block with unknown for_each: the rule may not exist. */
  maybe: boolean;
}

function nsgRule(owner: TfResource, body: TfBody, label: string): NsgRule {
  const dir = asString(body.value('direction'));
  const acc = asString(body.value('access'));
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
  const proto = asString(body.value('protocol')) ?? '*';
  const specs: Value[] = [];
  let ports: PortRange[] | Unknown = [];
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
    blockLine: owner.block.range.startLine,
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
      const n = asString(b.value('name'));
      out.push(nsgRule(g, b, `Network security group "${g.name}" rule${typeof n === 'string' ? ` "${n}"` : ''}`));
    }
  for (const r of m.resourcesOf('azurerm_network_security_rule')) out.push(nsgRule(r, r, `Network security rule "${r.name}"`));
  return out;
}
