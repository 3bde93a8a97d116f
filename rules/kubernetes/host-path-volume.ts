import { defineRule, fail } from '../../core/rule.js';
import { objName } from '../../core/kubernetes/pod.js';

/** Host paths that hand over the node (runtime sockets, kubelet state, host config, kernel interfaces). */
const SENSITIVE = [
  '/', '/etc', '/root', '/home', '/boot', '/dev', '/proc', '/sys', '/var', '/var/lib', '/var/run', '/run', '/usr', '/bin', '/sbin', '/lib',
  '/var/run/docker.sock', '/run/docker.sock', '/var/run/docker', '/var/lib/docker', '/var/run/containerd', '/run/containerd', '/var/lib/containerd',
  '/var/run/crio', '/run/crio', '/var/run/crio/crio.sock', '/var/lib/kubelet', '/var/lib/kubelet/pki', '/etc/kubernetes', '/var/lib/etcd', '/etc/ssh',
];
const SENSITIVE_PREFIX = ['/etc/', '/root/', '/proc/', '/sys/', '/boot/', '/var/lib/kubelet', '/var/lib/etcd', '/var/run/docker', '/run/containerd', '/var/run/containerd', '/var/run/crio', '/run/crio', '/var/lib/docker', '/var/lib/containerd', '/dev/'];

function norm(p: string): string {
  const s = p.replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  return s === '' ? '/' : s;
}

export function sensitive(p: string): boolean {
  const n = norm(p);
  return SENSITIVE.includes(n) || SENSITIVE_PREFIX.some((x) => n.startsWith(x)) || /\.sock$/.test(n);
}

export default defineRule({
  id: 'TG-K8S-006',
  name: 'k8s-host-path-volume',
  title: 'Pod does not mount host paths',
  failTitle: 'Pod mounts a host path',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Host path mounts give a container access to node files, credentials and the container runtime.',
  confidence: 'medium',
  aliases: ['CKV_K8S_27', 'AVD-KSV-0023', 'KSV-0023', 'KSV-0006', 'aa8f7a35-9923-4cad-bd61-a19b7f6aac91', '5308a7a8-06f8-45ac-bf10-791fe21de46e', 'a6f34658-fdfb-4154-9536-56d516f65828', 'docker-sock', 'sensitive-host-mounts'],
  rationale:
    "A hostPath volume gives the pod the node's files; container runtime sockets, kubelet credentials and /etc are each enough to take over the node and every pod on it.",
  controlRationale: {
    'CC6.8': 'Denying host file access keeps compromised or unauthorised code inside its container.',
    'CC6.1': 'Node credentials and runtime sockets are infrastructure access points that should not be reachable from application pods.',
  },
  remediation:
    'Use emptyDir, a PersistentVolumeClaim, a ConfigMap/Secret or a CSI volume instead. Node agents that need a host path should mount the narrowest path read-only and carry a reviewed suppression.',
  defaults: 'Every hostPath volume is reported; paths listed in the allowedHostPaths option are skipped. Runtime sockets, kubelet/etcd state and system directories are called out as sensitive.',
  options: {
    allowedHostPaths: { type: 'array', items: { type: 'string' }, default: [], description: 'Host paths that may be mounted (exact paths).' },
  },
  introducedIn: '0.1.0',
  *check(f, ctx) {
    const allowed = ctx.options.allowedHostPaths.map(norm);
    for (const w of f.workloads) {
      for (const vol of w.podSpec.get('volumes')?.items() ?? []) {
        const hp = vol.get('hostPath');
        if (!hp) continue;
        const pathV = hp.get('path');
        const p = pathV?.str();
        const name = vol.get('name')?.str() ?? '(unnamed)';
        if (p !== undefined && allowed.includes(norm(p))) continue;
        const loc = pathV?.pairLoc ?? hp.keyLoc;
        const what = p === undefined ? 'a host path' : sensitive(p) ? `the sensitive host path ${p}` : `the host path ${p}`;
        yield fail(loc, `${objName(w.object)} mounts ${what} as volume "${name}".`);
      }
    }
  },
});
