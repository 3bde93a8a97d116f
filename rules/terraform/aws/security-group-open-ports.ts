import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { coversAllPorts, coversPort, fromWorld, portText, securityGroupIngress } from '../_lib/aws-network.js';

const DATA_PORTS = [20, 21, 23, 25, 445, 1433, 1434, 1521, 2375, 2376, 2483, 2484, 3000, 3306, 4333, 5432, 5500, 5601, 5672, 5900, 6379, 7000, 7001, 7199, 8020, 8080, 8088, 8888, 9000, 9042, 9090, 9092, 9160, 9200, 9300, 11211, 15672, 27017, 27018, 50070];

export default defineRule({
  id: 'TG-AWS-027',
  name: 'aws-security-group-open-ports',
  title: 'Security groups do not open all ports or database/admin ports to the internet',
  failTitle: 'Security group opens all ports or a database/admin port to the internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'All ports or database ports open to the internet are a direct exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_default_security_group'],
  aliases: ['CKV_AWS_277', 'AVD-AWS-0107', '4728cd65-a20c-49da-8b31-9c08b423e4db', '381c3f2a-ef6f-4eff-99f7-b169cda3422c'],
  options: {
    ports: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, default: DATA_PORTS, description: 'Ports reported when open to the internet (databases, caches, brokers, dashboards, Docker, FTP, Telnet, SMB...).' },
    allowedPorts: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, default: [], description: 'Ports of `ports` that are meant to be public here.' },
  },
  rationale: 'Databases, caches, message brokers, dashboards and unauthenticated admin services are a direct path to data when reachable from the internet. Opening every port exposes whatever listens on the host, now or later.',
  controlRationale: {
    'CC6.6': 'Only intended public services are reachable across the boundary.',
    'CC6.1': 'Data stores are reachable only from the networks that need them.',
  },
  remediation: 'Restrict the source to known CIDRs or security groups, or put the service behind a load balancer or VPN. Add a port to the rule option allowedPorts only if it is meant to be public.',
  defaults: 'The list of sensitive ports is the option ports (databases, caches, brokers, Kibana, Docker, FTP, Telnet, SMB...); ports in allowedPorts are ignored. HTTP(S) on 80/443 is not reported.',
  *check(m, ctx) {
    const ports = ctx.options.ports;
    const allowed = new Set(ctx.options.allowedPorts);
    for (const i of securityGroupIngress(m, true)) {
      const w = fromWorld(i);
      if (w === false) continue;
      const all = coversAllPorts(i);
      let hit: string | undefined;
      let portUnknown: string | undefined;
      if (all === true) hit = 'every port, including SSH and RDP';
      else if (isUnknown(all)) portUnknown = all.reason;
      else {
        const open = ports.filter((p) => !allowed.has(p)).filter((p) => {
          const c = coversPort(i, p, ['tcp', 'udp']);
          if (isUnknown(c)) portUnknown ??= c.reason;
          return c === true;
        });
        if (open.length) hit = `sensitive port${open.length > 1 ? 's' : ''} ${open.length > 3 ? `${open.slice(0, 3).join(', ')} and ${open.length - 3} more` : open.join(', ')}`;
      }
      if (!hit && !portUnknown) continue;
      if (isUnknown(w) || i.maybe || !hit) {
        yield indeterminate(i.loc, isUnknown(w) ? `source CIDRs: ${w.reason}` : i.maybe ? 'dynamic block may not exist (for_each unknown)' : `ports: ${portUnknown}`, i.blockLine);
        continue;
      }
      yield fail(i.loc, `${i.label} allows ${portText(i)} from the internet (${hit}).`, { blockLine: i.blockLine });
    }
  },
});
