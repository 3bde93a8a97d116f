import { defineRule, fail } from '../../core/rule.js';
import { cName, strItems } from '../../core/kubernetes/pod.js';

const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_BOOT', 'DAC_READ_SEARCH', 'DAC_OVERRIDE', 'BPF', 'PERFMON', 'SYS_CHROOT', 'MKNOD', 'SETUID', 'SETGID', 'CHOWN', 'FOWNER', 'SETFCAP', 'SETPCAP', 'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'SYSLOG']);

export default defineRule({
  id: 'TG-K8S-007',
  name: 'k8s-capabilities-added',
  title: 'Container adds no Linux capabilities beyond the allowed ones',
  failTitle: 'Container adds Linux capabilities beyond the allowed ones',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Added capabilities (SYS_ADMIN, NET_ADMIN...) grant kernel privileges an auditor expects to be justified.',
  confidence: 'high',
  aliases: ['CKV_K8S_39', 'CKV_K8S_25', 'AVD-KSV-0005', 'AVD-KSV-0022', 'KSV-0005', 'KSV-0022', '235236ee-ad78-4065-bd29-61b061f28ce0', '19ebaa28-fc86-4a58-bcfa-015c9e22fe40', 'KSV-0119'],
  rationale:
    'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE are slices of root: each one re-opens a known container escape or lets the process tamper with the node network or other processes.',
  controlRationale: {
    'CC6.8': 'Refusing extra kernel capabilities prevents unauthorised code in the container from reaching node-level functions.',
  },
  remediation: 'Remove the capability from securityContext.capabilities.add; if the workload truly needs it, keep only that one and suppress with a reason.',
  defaults: 'Adding NET_BIND_SERVICE is allowed (option allowedCapabilities); nothing is added by default.',
  options: {
    allowedCapabilities: { type: 'array', items: { type: 'string' }, default: ['NET_BIND_SERVICE'], description: 'Capabilities a container may add (with or without the CAP_ prefix, any case).' },
  },
  introducedIn: '0.1.0',
  *check(f, ctx) {
    const allowed = new Set(ctx.options.allowedCapabilities.map((s) => s.toUpperCase().replace(/^CAP_/, '')));
    for (const w of f.workloads) {
      for (const c of w.containers) {
        for (const { s, view } of strItems(c.view.at('securityContext', 'capabilities', 'add'))) {
          const cap = s.toUpperCase().replace(/^CAP_/, '');
          if (allowed.has(cap)) continue;
          const why = cap === 'SYS_ADMIN' || cap === 'ALL' ? ' (effectively root on the node)' : DANGEROUS.has(cap) ? ' (a known escalation or network-tampering capability)' : '';
          yield fail(view.loc, `${cName(w, c)} adds the capability ${cap}${why}.`);
        }
      }
    }
  },
});
