// Unit tests for the Terraform rule-helper library (rules/terraform/_lib/): what each helper answers
// for literals, defaults, renamed attributes, Unknown values and dynamic blocks.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { initHcl, parseHcl } from '../core/hcl/parse.js';
import { TfModule } from '../core/terraform/model.js';
import { Unknown, asNumber, asString, isUnknown } from '../core/terraform/values.js';
import type { CheckResult } from '../core/types.js';
import { allOf, boolAt, firstAttr, headerOf, looseBool, metadataValue, requireBool, tlsMinor } from '../rules/terraform/_lib/attributes.js';
import { coversAllPorts, coversPort, fromWorld, naclIngress, portText, securityGroupIngress } from '../rules/terraform/_lib/aws-network.js';
import { nsgRules, isAzureWorldSource } from '../rules/terraform/_lib/azure-network.js';
import { ebsEncryptedByDefault, sourceSnapshotEncrypted } from '../rules/terraform/_lib/aws-ebs.js';
import { clusterParameterGroup, groupParameter } from '../rules/terraform/_lib/aws-parameters.js';
import { literalFix } from '../rules/terraform/_lib/fixes.js';
import { gcpAllows, gcpFirewallFromWorld } from '../rules/terraform/_lib/gcp-network.js';
import { globMatch, isProdEnv } from '../rules/terraform/_lib/github.js';
import { conditionDeniesWithoutMfa, conditionEntries, conditionRequiresMfa, conditionRestrictsCaller, hasCondition, identityPolicies, principalIsWildcard, serviceWildcard } from '../rules/terraform/_lib/iam.js';
import { ipv4, isWorldCidr, portRange, portRanges, protocolCarries, rangesAll, rangesCover } from '../rules/terraform/_lib/network.js';
import { constraintMajor } from '../rules/terraform/_lib/providers.js';

let parser: Parser;
beforeAll(async () => {
  parser = await initHcl();
});
const mod = (src: string) => new TfModule('/m', [parseHcl(parser, '/m/main.tf', src)], []);
const res = (src: string) => mod(src).resources[0];
const run = (g: Iterable<CheckResult>) => [...g];
const summary = (rs: CheckResult[]) => rs.map((r) => (r.kind === 'finding' ? `fail@${r.location.startLine}:${r.message}` : `indeterminate@${r.location.startLine}:${r.reason}`));

describe('values', () => {
  it('asNumber and asString convert as Terraform does and pass Unknown through', () => {
    expect(asNumber('30')).toBe(30);
    expect(asNumber(' ')).toBeUndefined();
    expect(asNumber('x')).toBeUndefined();
    expect(asNumber(7)).toBe(7);
    expect(isUnknown(asNumber(new Unknown('var.x')))).toBe(true);
    expect(asString(3)).toBe('3');
    expect(asString(true)).toBe('true');
    expect(asString(['a'])).toBeUndefined();
  });

  it('looseBool reads metadata spellings; allOf combines', () => {
    expect(looseBool('TRUE')).toBe(true);
    expect(looseBool('false')).toBe(false);
    expect(looseBool(true)).toBe(true);
    expect(looseBool('maybe')).toBeUndefined();
    const u = new Unknown('later');
    expect(allOf(true, u, false)).toBe(false);
    expect(allOf(true, u)).toBe(u);
    expect(allOf(true, true)).toBe(true);
  });

  it('tlsMinor reads every provider spelling', () => {
    expect(tlsMinor('TLS1_2')).toBe(2);
    expect(tlsMinor('TLS1_0')).toBe(0);
    expect(tlsMinor('1.1')).toBe(1);
    expect(tlsMinor('Tls12')).toBe(2);
    expect(tlsMinor('Disabled')).toBeUndefined();
  });

  it('firstAttr takes the first present name; metadataValue reads a metadata key', () => {
    const r = res('resource "x" "a" {\n  enable_old = true\n  metadata = { k = "TRUE" }\n}\n');
    expect(firstAttr(r, 'new_name', 'enable_old')?.path).toBe('enable_old');
    expect(firstAttr(r, 'nope')).toBeUndefined();
    const mv = metadataValue(r, 'k');
    expect(mv && !isUnknown(mv) ? mv.value : undefined).toBe('TRUE');
    expect(metadataValue(r, 'other')).toBeUndefined();
  });
});

describe('requireBool', () => {
  const o = { bad: 'bad', missing: 'missing', fix: true };
  it('passes when the attribute equals want, or is omitted and the default is want', () => {
    expect(run(requireBool(res('resource "x" "a" {\n  on = true\n}\n'), 'on', true, o))).toEqual([]);
    expect(run(requireBool(res('resource "x" "a" {\n}\n'), 'on', true, { ...o, dflt: true }))).toEqual([]);
    expect(run(requireBool(res('resource "x" "a" {\n  on = null\n}\n'), 'on', true, { ...o, dflt: true }))).toEqual([]);
  });

  it('reports a wrong literal with a quick fix, and a missing attribute at the block header', () => {
    const r = run(requireBool(res('resource "x" "a" {\n  on = false\n}\n'), 'on', true, o));
    expect(summary(r)).toEqual(['fail@2:bad']);
    expect(r[0].kind === 'finding' && r[0].fixes).toEqual([{ title: 'Set on = true', range: expect.objectContaining({ startLine: 2, startColumn: 8 }), text: 'true' }]);
    expect(summary(run(requireBool(res('resource "x" "a" {\n}\n'), 'on', true, o)))).toEqual(['fail@1:missing']);
  });

  it('never offers a fix over a variable, and says why a variable without a value is undecided', () => {
    const m = mod('variable "v" {\n  default = false\n}\nresource "x" "a" {\n  on = var.v\n}\n');
    const r = run(requireBool(m.resources[0], 'on', true, o));
    expect(summary(r)).toEqual(['fail@5:bad']);
    expect(r[0].kind === 'finding' && r[0].fixes).toBeUndefined();
    const u = run(requireBool(res('resource "x" "a" {\n  on = var.nope\n}\n'), 'on', true, o));
    expect(u.map((x) => x.kind)).toEqual(['indeterminate']);
    expect(u[0].kind === 'indeterminate' && u[0].reason).toMatch(/^on: /);
  });

  it('a value that is not a boolean is indeterminate, not a pass and not a guess', () => {
    expect(summary(run(requireBool(res('resource "x" "a" {\n  on = "yes"\n}\n'), 'on', true, o)))).toEqual(['indeterminate@2:on: "yes" is not a boolean']);
  });

  it('reads renamed attributes, newest name first', () => {
    const r = res('resource "x" "a" {\n  enable_on = false\n}\n');
    expect(summary(run(requireBool(r, ['on_enabled', 'enable_on'], true, o)))).toEqual(['fail@2:bad']);
    const f = run(requireBool(r, ['on_enabled', 'enable_on'], true, o))[0];
    expect(f.kind === 'finding' && f.fixes?.[0].title).toBe('Set enable_on = true');
  });

  it('a half-parsed block is never reported as missing; a dynamic block that may not exist is indeterminate at its header', () => {
    expect(run(requireBool(res('resource "x" "a" {\n  other = \n}\n'), 'on', true, o))).toEqual([]);
    const r = res('resource "x" "a" {\n  dynamic "rule" {\n    for_each = var.rules\n    content {\n      x = 1\n    }\n  }\n}\n');
    const b = r.blocks('rule')[0];
    expect(headerOf(b).startLine).toBe(2);
    expect(summary(run(requireBool(b, 'on', true, o)))).toEqual(['indeterminate@2:dynamic block may not exist (for_each unknown)']);
  });

  it('boolAt reads an optional body with a default', () => {
    const r = res('resource "x" "a" {\n  b {\n    on = false\n  }\n}\n');
    expect(boolAt(r.block1('b'), 'on', true)).toBe(false);
    expect(boolAt(undefined, 'on', true)).toBe(true);
    expect(boolAt(r.block1('b'), 'off', true)).toBe(true);
  });
});

describe('literalFix', () => {
  it('rewrites numbers, booleans and plain strings only', () => {
    const r = res('resource "x" "a" {\n  n = 7\n  s = "TLS1_0"\n  t = "v-${var.x}"\n  r = var.y\n}\n');
    expect(literalFix(r.attr('n')!, 'Set n', '30')?.[0]).toMatchObject({ title: 'Set n', text: '30', range: { startLine: 2, startColumn: 7, endColumn: 8 } });
    expect(literalFix(r.attr('s')!, 'Set s', '"1.2"')?.[0].range).toMatchObject({ startLine: 3, startColumn: 7, endColumn: 15 });
    expect(literalFix(r.attr('t')!, 'x', 'y')).toBeUndefined();
    expect(literalFix(r.attr('r')!, 'x', 'y')).toBeUndefined();
  });
});

describe('network', () => {
  it('world CIDRs in IPv4 and IPv6 spellings; IPv4 parsing', () => {
    for (const c of ['0.0.0.0/0', ' ::/0 ', '0::/0', '0:0:0:0:0:0:0:0/0']) expect(isWorldCidr(c)).toBe(true);
    for (const c of ['10.0.0.0/0', '0.0.0.0/1', '0.0.0.0', '::1/128']) expect(isWorldCidr(c)).toBe(false);
    expect(ipv4('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(ipv4('256.0.0.1')).toBeUndefined();
  });

  it('port specs and ranges', () => {
    expect(portRange('22')).toEqual([22, 22]);
    expect(portRange(' 1000 - 2000 ')).toEqual([1000, 2000]);
    expect(portRange('*')).toEqual([0, 65535]);
    expect(portRange(3389)).toEqual([3389, 3389]);
    expect(portRange('ssh')).toBeUndefined();
    expect(isUnknown(portRange(new Unknown('x')))).toBe(true);
    const rs = portRanges(['80', '3000-4000']);
    expect(rs).toEqual([
      [80, 80],
      [3000, 4000],
    ]);
    expect(rangesCover(rs as [number, number][], 3389)).toBe(true);
    expect(rangesCover(rs as [number, number][], 22)).toBe(false);
    expect(rangesAll([[1, 65535]])).toBe(true);
    expect(rangesAll([[1024, 65535]])).toBe(false);
  });

  it('protocolCarries reads Azure and Google Cloud spellings', () => {
    for (const p of ['*', 'Any', 'all', 'Tcp', '6']) expect(protocolCarries(p, 'tcp')).toBe(true);
    for (const p of ['Udp', 'icmp', '17']) expect(protocolCarries(p, 'tcp')).toBe(false);
    expect(protocolCarries('17', 'udp')).toBe(true);
  });

  it('AWS security group and NACL ingress: inline and standalone, world, ports', () => {
    const m = mod(`
resource "aws_security_group" "web" {
  ingress {
    protocol    = "tcp"
    from_port   = 20
    to_port     = 25
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}
resource "aws_vpc_security_group_ingress_rule" "all" {
  ip_protocol = "-1"
  cidr_ipv6   = "::/0"
}
resource "aws_network_acl_rule" "deny" {
  rule_action = "deny"
  cidr_block  = "0.0.0.0/0"
}
resource "aws_network_acl_rule" "in" {
  rule_action = "allow"
  protocol    = "tcp"
  from_port   = 3389
  to_port     = 3389
  cidr_block  = var.cidr
}
`);
    const sg = securityGroupIngress(m);
    expect(sg.map((i) => [i.label, fromWorld(i), coversPort(i, 22), coversAllPorts(i), portText(i)])).toEqual([
      ['Security group "web" ingress rule', true, true, false, 'tcp ports 20-25'],
      ['Security group ingress rule "all"', true, true, true, 'all protocols and ports'],
    ]);
    expect(sg[0].loc.startLine).toBe(7);
    const nacl = naclIngress(m);
    expect(nacl.map((i) => i.label)).toEqual(['Network ACL rule "in"']);
    expect(isUnknown(fromWorld(nacl[0]))).toBe(true);
    expect(coversPort(nacl[0], 3389)).toBe(true);
  });

  it('Azure NSG rules: inbound allow from the internet, ports', () => {
    for (const s of ['*', 'Internet', 'any', '0.0.0.0/0', '::/0']) expect(isAzureWorldSource(s)).toBe(true);
    // A bare 0.0.0.0 is one address (Azure reads it as /32), not the internet.
    for (const s of ['VirtualNetwork', 'AzureLoadBalancer', '10.0.0.0/8', '0.0.0.0/1', '0.0.0.0']) expect(isAzureWorldSource(s)).toBe(false);
    const m = mod(`
resource "azurerm_network_security_rule" "rdp" {
  direction                  = "Inbound"
  access                     = "Allow"
  protocol                   = "Tcp"
  source_address_prefix      = "Internet"
  destination_port_ranges    = ["3389", "5000-5100"]
}
`);
    const [r] = nsgRules(m);
    expect([r.inboundAllow, r.world, r.protocol, r.ports, r.loc.startLine]).toEqual([true, true, 'Tcp', [[3389, 3389], [5000, 5100]], 6]);
  });

  it('Google Cloud firewall: no source range means the world; allow blocks without ports mean every port', () => {
    const m = mod(`
resource "google_compute_firewall" "open" {
  allow {
    protocol = "tcp"
  }
}
resource "google_compute_firewall" "tagged" {
  source_tags = ["web"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
`);
    const [open, tagged] = m.resources;
    expect(gcpFirewallFromWorld(open)).toEqual({ loc: open.headerLoc });
    expect(gcpFirewallFromWorld(tagged)).toBe(false);
    expect(gcpAllows(open).map((a) => a.ports)).toEqual([[[0, 65535]]]);
    expect(gcpAllows(tagged).map((a) => a.ports)).toEqual([[[22, 22]]]);
  });
});

describe('iam', () => {
  it('principalIsWildcard and conditions', () => {
    expect(principalIsWildcard('*')).toBe(true);
    expect(principalIsWildcard({ AWS: ['arn:aws:iam::1:root', '*'] })).toBe(true);
    expect(principalIsWildcard({ Service: 'ec2.amazonaws.com' })).toBe(false);
    expect(isUnknown(principalIsWildcard({ AWS: new Unknown('var.p') }))).toBe(true);
    expect(hasCondition({})).toBe(false);
    expect(conditionEntries({ StringEquals: { 'aws:SourceAccount': '1' } })).toEqual([{ op: 'StringEquals', key: 'aws:sourceaccount', values: '1' }]);
  });

  it('conditionRestrictsCaller: organisation, account, source and network pins count; MFA alone does not', () => {
    expect(conditionRestrictsCaller({ StringEquals: { 'aws:PrincipalOrgID': 'o-1' } })).toBe(true);
    expect(conditionRestrictsCaller({ StringEquals: { 'kms:CallerAccount': '1', 'kms:ViaService': 'ec2' } })).toBe(true);
    expect(conditionRestrictsCaller({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } })).toBe(true);
    expect(conditionRestrictsCaller({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })).toBe(false);
    expect(conditionRestrictsCaller(null)).toBe(false);
  });

  it('serviceWildcard names the service of "service:*" only', () => {
    expect(serviceWildcard('s3:*')).toBe('s3');
    expect(serviceWildcard(' EC2:* ')).toBe('ec2');
    expect(serviceWildcard('*')).toBeUndefined();
    expect(serviceWildcard('s3:Get*')).toBeUndefined();
    expect(serviceWildcard('s3:GetObject')).toBeUndefined();
  });

  it('identityPolicies reads policy resources and role inline_policy blocks, naming the policy document', () => {
    const m = mod(`
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
  inline_policy {
    policy = "{}"
  }
}
resource "aws_iam_role_policy_attachment" "a" {
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`);
    const ps = [...identityPolicies(m)];
    expect(ps.map((p) => p.what)).toEqual(['IAM policy "p"', 'Inline policy of role "r"']);
    expect(ps[0].related?.[0].message).toBe('policy document "d"');
    expect(typeof ps[0].attr.value).toBe('string');
  });

  it('tells MFA-requiring and MFA-enforcing conditions from look-alikes', () => {
    expect(conditionRequiresMfa({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })).toBe(true);
    expect(conditionRequiresMfa({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })).toBe(true);
    // BoolIfExists ... true passes when the key is absent (access keys): not a requirement.
    expect(conditionRequiresMfa({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } })).toBe(false);
    expect(conditionRequiresMfa({ Bool: { 'aws:MultiFactorAuthPresent': ['false'] } })).toBe(false);
    expect(conditionRequiresMfa({ StringEquals: { 'sts:ExternalId': 'x' } })).toBe(false);
    expect(conditionDeniesWithoutMfa({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })).toBe(true);
    expect(conditionDeniesWithoutMfa({ Null: { 'aws:MultiFactorAuthPresent': true } })).toBe(true);
    expect(conditionDeniesWithoutMfa({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })).toBe(false);
  });
});

describe('aws-ebs', () => {
  it('follows a snapshot copy to an encrypted volume; encryption by default defaults to enabled', () => {
    const m = mod(`
resource "aws_ebs_volume" "v" {
  encrypted = true
}
resource "aws_ebs_volume" "plain" {}
resource "aws_ebs_snapshot" "s" {
  volume_id = aws_ebs_volume.v.id
}
resource "aws_ebs_snapshot" "p" {
  volume_id = aws_ebs_volume.plain.id
}
resource "aws_ebs_snapshot_copy" "c" {
  source_snapshot_id = aws_ebs_snapshot.s.id
}
resource "aws_ebs_snapshot_copy" "cc" {
  source_snapshot_id = aws_ebs_snapshot_copy.c.id
}
resource "aws_ebs_snapshot_copy" "pc" {
  source_snapshot_id = aws_ebs_snapshot.p.id
}`);
    const copy = (n: string) => m.resourcesOf('aws_ebs_snapshot_copy').find((r) => r.name === n)!;
    expect(sourceSnapshotEncrypted(m, copy('c'), 'source_snapshot_id')).toBe(true);
    expect(sourceSnapshotEncrypted(m, copy('cc'), 'source_snapshot_id')).toBe(true);
    expect(sourceSnapshotEncrypted(m, copy('pc'), 'source_snapshot_id')).toBe(false);
    expect(ebsEncryptedByDefault(m)).toBe(false);
    expect(ebsEncryptedByDefault(mod('resource "aws_ebs_encryption_by_default" "on" {}'))).toBe(true);
    expect(ebsEncryptedByDefault(mod('resource "aws_ebs_encryption_by_default" "off" {\n  enabled = false\n}'))).toBe(false);
  });
});

describe('aws-parameters', () => {
  it('finds a cluster\'s parameter group by reference or name, and a parameter in it', () => {
    const m = mod(`
variable "g" {}
resource "aws_docdb_cluster_parameter_group" "a" {
  name = "grp"
  dynamic "parameter" {
    for_each = { audit_logs = "enabled" }
    content {
      name  = parameter.key
      value = parameter.value
    }
  }
}
resource "aws_docdb_cluster" "ref" {
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.a.name
}
resource "aws_docdb_cluster" "lit" {
  db_cluster_parameter_group_name = "grp"
}
resource "aws_docdb_cluster" "other" {
  db_cluster_parameter_group_name = "elsewhere"
}
resource "aws_docdb_cluster" "none" {}
resource "aws_docdb_cluster" "unknown" {
  db_cluster_parameter_group_name = var.g
}`);
    const c = (n: string) => m.resourcesOf('aws_docdb_cluster').find((r) => r.name === n)!;
    const at = (n: string) => clusterParameterGroup(m, c(n), 'db_cluster_parameter_group_name', 'aws_docdb_cluster_parameter_group');
    const g = m.resourcesOf('aws_docdb_cluster_parameter_group')[0];
    expect(at('ref')).toBe(g);
    expect(at('lit')).toBe(g);
    expect(at('none')).toBe('default');
    expect((at('other') as { name: string }).name).toBe('db_cluster_parameter_group_name');
    expect(isUnknown(at('unknown'))).toBe(true);
    const p = groupParameter(g, 'AUDIT_LOGS');
    expect(p && !isUnknown(p) ? p.value.value : undefined).toBe('enabled');
    expect(groupParameter(g, 'tls')).toBeUndefined();
  });
});

describe('providers', () => {
  it('finds the single major a constraint allows', () => {
    expect(constraintMajor('~> 2.46')).toBe(2);
    expect(constraintMajor('~> 2.46.0')).toBe(2);
    expect(constraintMajor('= 3.0.1')).toBe(3);
    expect(constraintMajor('2.99.0')).toBe(2);
    expect(constraintMajor('>= 2.0, < 3.0')).toBe(2);
    expect(constraintMajor('>= 2.0, < 3')).toBe(2);
    expect(constraintMajor('>= 3.0')).toBeUndefined();
    expect(constraintMajor('~> 3')).toBeUndefined();
    expect(constraintMajor('>= 3.0, != 3.5.0, < 4.0')).toBe(3);
  });
});

describe('github', () => {
  it('globMatch is linear and correct', () => {
    expect(globMatch('svc-*', 'svc-a')).toBe(true);
    expect(globMatch('svc-*', 'web')).toBe(false);
    expect(globMatch('*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });

  it('isProdEnv matches whole words of the name', () => {
    expect(isProdEnv('prod-eu', ['prod'])).toBe(true);
    expect(isProdEnv('product-docs', ['prod'])).toBe(false);
    expect(isProdEnv(new Unknown('var.env'), ['prod'])).toBe('environment: var.env');
  });
});
