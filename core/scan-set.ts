// Facts about the whole set of scanned files that a rule reading one file cannot see: which reusable
// workflows are called from this repository and whether each caller caps the token's permissions, and
// which Kubernetes namespaces have a NetworkPolicy anywhere in the set. Gathered in one cheap pass
// before the units run (only files whose text can hold such a fact are parsed), and handed to every
// check as `ctx.scanSet` (plain data: it crosses to worker threads).
import { resolve, sep } from 'node:path';
import { buildK8sFile, looksLikeKubernetes } from './kubernetes/model.js';
import { buildWorkflow, workflowKindOf } from './workflow/model.js';
import { YamlFile, type YamlLimits } from './yaml/view.js';

export interface WorkflowCaller {
  /** The calling workflow file (absolute) and job id. */
  file: string;
  job: string;
  line: number;
  /** The calling job or its workflow sets `permissions:`, which caps what the called workflow gets. */
  restricted: boolean;
}

export interface ScanSet {
  /** Absolute path of a reusable workflow of a scanned repository → the jobs that call it with `./`. */
  workflowCallers: Record<string, WorkflowCaller[]>;
  /** Namespaces that hold a NetworkPolicy somewhere in the set ('' for a policy without a namespace). */
  policyNamespaces: string[];
  /** A cluster-wide policy kind (Calico GlobalNetworkPolicy, Cilium clusterwide, AdminNetworkPolicy) is present. */
  clusterWidePolicy: boolean;
}

export const NAMESPACED_POLICY_KINDS = ['NetworkPolicy', 'CiliumNetworkPolicy', 'CalicoNetworkPolicy'];
export const CLUSTER_POLICY_KINDS = ['CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

export const emptyScanSet = (): ScanSet => ({ workflowCallers: {}, policyNamespaces: [], clusterWidePolicy: false });

/** The repository root of a workflow file: the directory holding its `.github`. */
function repoRootOf(path: string): string | undefined {
  const i = path.lastIndexOf(`${sep}.github${sep}workflows${sep}`);
  return i >= 0 ? path.slice(0, i) : undefined;
}

/**
 * Read the facts from the scanned YAML files. `read` returns a file's text (bounded by the caller) or
 * undefined; a file that does not parse contributes what its intact documents say.
 */
export function buildScanSet(yamlFiles: string[], read: (path: string) => string | undefined, limits: YamlLimits): ScanSet {
  const set = emptyScanSet();
  const namespaces = new Set<string>();
  for (const path of yamlFiles) {
    const wfKind = workflowKindOf(path);
    const src = read(path);
    if (src === undefined) continue;
    if (wfKind === 'workflow') {
      if (!src.includes('./.github/workflows/')) continue;
      const root = repoRootOf(path);
      const wf = root === undefined ? undefined : buildWorkflow(new YamlFile(path, src, limits), 'workflow');
      if (!wf || root === undefined) continue;
      for (const job of wf.jobs) {
        const uses = job.uses?.str()?.trim();
        if (!uses?.startsWith('./')) continue;
        const callee = resolve(root, uses.replace(/@.*$/, ''));
        const list = (set.workflowCallers[callee] ??= []);
        list.push({ file: path, job: job.id, line: job.keyLoc.startLine, restricted: job.view.has('permissions') || wf.root.has('permissions') });
      }
      continue;
    }
    if (wfKind || !/NetworkPolicy|AdminNetworkPolicy/.test(src)) continue;
    const yaml = new YamlFile(path, src, limits);
    if (!looksLikeKubernetes(yaml)) continue;
    for (const o of buildK8sFile(yaml).objects) {
      if (CLUSTER_POLICY_KINDS.includes(o.kind)) set.clusterWidePolicy = true;
      if (NAMESPACED_POLICY_KINDS.includes(o.kind)) namespaces.add(o.namespace ?? '');
    }
  }
  set.policyNamespaces = [...namespaces].sort();
  return set;
}

/** The scanned jobs that call this workflow file as a reusable workflow of the same repository. */
export function callersOf(set: ScanSet | undefined, workflowPath: string): WorkflowCaller[] {
  return set?.workflowCallers[resolve(workflowPath)] ?? [];
}
