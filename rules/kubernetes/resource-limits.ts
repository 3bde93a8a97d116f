import { defineRule, fail } from '../../core/rule.js';
import { cName, containerLoc, isNull, isPartial, objectsOf } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-024',
  name: 'k8s-resource-limits',
  title: 'Container sets CPU and memory limits',
  failTitle: 'Container has no CPU or memory limit',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['A1.1', 'CC6.8'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'CPU and memory limits are capacity hygiene; noisy on workloads sized by requests and autoscaling.',
  confidence: 'high',
  aliases: ['CKV_K8S_11', 'CKV_K8S_13', 'AVD-KSV-0011', 'AVD-KSV-0018', 'KSV-0011', 'KSV-0018', 'unset-cpu-requirements', 'unset-memory-requirements'],
  rationale:
    'A container without limits can take all of a node\'s memory or CPU, starving its neighbours and triggering evictions; limits make capacity predictable so that one runaway or abused workload cannot take others down.',
  controlRationale: {
    'A1.1': 'Limits are how capacity is allocated and protected per workload, which capacity management relies on.',
    'CC6.8': 'They also contain resource-exhaustion abuse (e.g. cryptomining) by code running in the container.',
  },
  remediation: 'Set resources.limits.memory and resources.limits.cpu (and matching requests) on every container.',
  defaults:
    'Both limits are required (option requireCpuLimit: false requires memory only). A LimitRange with default limits in the same file and namespace counts as setting them. Ephemeral containers cannot have resources and are skipped.',
  options: {
    requireCpuLimit: { type: 'boolean', default: true, description: 'Require a CPU limit as well as a memory limit (false: memory only).' },
  },
  introducedIn: '0.1.0',
  *check(f, ctx) {
    const needCpu = ctx.options.requireCpuLimit;
    const limitRanges = objectsOf(f, 'LimitRange');
    for (const w of f.workloads) {
      if (isPartial(w)) continue;
      const lr = limitRanges.filter((l) => (l.namespace ?? '') === (w.object.namespace ?? ''));
      const lrDefault = (k: string) =>
        lr.some((l) => (l.view.at('spec', 'limits')?.items() ?? []).some((it) => (it.get('type')?.str() ?? 'Container') === 'Container' && !!it.at('default', k)));
      for (const c of w.containers) {
        if (c.group === 'ephemeralContainers') continue;
        const limits = c.view.at('resources', 'limits');
        const missing = (needCpu ? ['cpu', 'memory'] : ['memory']).filter((k) => {
          const v = limits?.get(k);
          return (!v || isNull(v)) && !lrDefault(k);
        });
        if (!missing.length) continue;
        const loc = limits ? limits.keyLoc : containerLoc(c);
        yield fail(loc, `${cName(w, c)} has no ${missing.join(' or ')} limit.`);
      }
    }
  },
});
