import { defineRule, fail } from '../../core/rule.js';
import { objName } from '../../core/kubernetes/pod.js';

const WHAT: Record<string, string> = {
  hostNetwork: "the node's network namespace",
  hostPID: "the node's process namespace",
  hostIPC: "the node's IPC namespace",
};

export default defineRule({
  id: 'TG-K8S-004',
  name: 'k8s-host-namespaces',
  title: 'Pod does not share host network, PID or IPC namespaces',
  failTitle: 'Pod shares the host network, PID or IPC namespace',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Sharing host namespaces removes the isolation boundary between workloads and the node.',
  confidence: 'high',
  aliases: [
    'CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19', 'AVD-KSV-0008', 'AVD-KSV-0009', 'AVD-KSV-0010', 'KSV-0008', 'KSV-0009', 'KSV-0010',
    '6b6bdfb3-c3ae-44cb-88e4-7405c1ba2c8a', '302736f4-b16c-41b8-befe-c0baffa0bd9d', 'cd290efd-6c82-4e9d-a698-be12ae31d536',
    'host-network', 'host-pid', 'host-ipc',
  ],
  rationale:
    "Sharing the node's network, process or IPC namespace removes the isolation between a pod and everything else on the node: it can sniff or bind node traffic, bypass NetworkPolicy, see and signal other processes, and read shared memory.",
  controlRationale: {
    'CC6.8': 'Keeping pods in their own namespaces prevents code in one workload from observing or tampering with other workloads and the node.',
    'CC6.6': 'A pod on the host network sits outside the cluster network boundary and its policies, exposing node-level ports and interfaces.',
  },
  remediation: 'Remove hostNetwork, hostPID and hostIPC (or set them to false); node agents that truly need them should be reviewed and suppressed with a reason.',
  defaults: 'All three default to false when omitted.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
        const v = w.podSpec.get(key);
        if (v?.bool() !== true) continue;
        yield fail(v.pairLoc, `${objName(w.object)} sets ${key}: true, sharing ${WHAT[key]} with its pods.`, {
          fixes: [{ title: `Set ${key}: false`, range: v.loc, text: 'false' }],
        });
      }
    }
  },
});
