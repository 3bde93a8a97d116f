// Facts about the whole set of scanned files that a rule reading one file cannot see: which reusable
// workflows are called from this repository and whether each caller caps the token's permissions, and
// which Kubernetes namespaces have a NetworkPolicy anywhere in the set. Gathered in one cheap pass
// before the units run (only files whose text can hold such a fact are parsed), and handed to every
// check as `ctx.scanSet` (plain data: it crosses to worker threads).
import { basename, dirname, join, resolve, sep } from 'node:path';
import { buildK8sFile, looksLikeKubernetes, WORKLOAD_KINDS, type K8sFile } from './kubernetes/model.js';
import { isPartial, objectLoc } from './kubernetes/pod.js';
import type { Location } from './types.js';
import { readLabels, readSelector, selectsAll, type LabelSelector } from './kubernetes/selector.js';
import { buildWorkflow, workflowKindOf } from './workflow/model.js';
import { releaseTrigger } from './workflow/release.js';
import { YamlFile, type YamlLimits } from './yaml/view.js';

export interface WorkflowCaller {
  /** The calling workflow file (absolute) and job id. */
  file: string;
  job: string;
  line: number;
  column: number;
  /** The calling job or its workflow sets `permissions:`, which caps what the called workflow gets. */
  restricted: boolean;
  /** The calling workflow runs for a release (core/workflow/release.ts): the called one does too. */
  releaseTrigger?: string;
  /** The calling job has an `if:` (which may leave release runs out). */
  conditional: boolean;
}

/** What actions/setup-node reads from a repository's root package.json to turn its automatic cache on. */
export interface NodePackageManager {
  /** The top-level `packageManager` field, when a string. */
  packageManager?: string;
  /** The `name` of each `devEngines.packageManager` entry (an object or a list of them). */
  devEngines: string[];
}

export interface ScanSet {
  /** Absolute path of a reusable workflow of a scanned repository → the jobs that call it with `./`. */
  workflowCallers: Record<string, WorkflowCaller[]>;
  /** Namespaces that hold a NetworkPolicy somewhere in the set ('' for a policy without a namespace). */
  policyNamespaces: string[];
  /** A cluster-wide policy kind (Calico GlobalNetworkPolicy, Cilium clusterwide, AdminNetworkPolicy) is present. */
  clusterWidePolicy: boolean;
  /**
   * The pod templates of every workload in the set (Kustomize patches left out), gathered only when a
   * rule needs them: when the set holds a NetworkPolicy that selects some pods, or a PodDisruptionBudget.
   */
  podTemplates: PodTemplateFact[];
  /**
   * Namespaces ('' when unset) that may run pods no scanned manifest shows: custom resources an
   * operator turns into pods, Kustomize resources fetched from elsewhere or not among the scanned files.
   * '*' when such resources can land in any namespace (a Kustomization that sets none).
   */
  unseenPodNamespaces: string[];
  /** Every PodDisruptionBudget in the set. */
  disruptionBudgets: SelectorFact[];
  /**
   * Repository root (absolute) of workflows that use actions/setup-node → its package.json's package
   * manager fields; null when the root has no readable package.json, or it is not a JSON object.
   */
  nodePackageManagers: Record<string, NodePackageManager | null>;
}

export interface PodTemplateFact {
  /** The workload's `name:` (where a rule points to it). */
  loc: Location;
  kind: string;
  name: string;
  /** '' when the manifest names none. */
  namespace: string;
  /** The pod template's labels; undefined when one is templated (Helm, envsubst). */
  labels?: Record<string, string>;
  /** spec.replicas when written as a number. */
  replicas?: number;
}

export interface SelectorFact {
  loc: Location;
  name: string;
  namespace: string;
  /** spec.selector; undefined when it cannot be read. */
  selector?: LabelSelector;
}

export const NAMESPACED_POLICY_KINDS = ['NetworkPolicy', 'CiliumNetworkPolicy', 'CalicoNetworkPolicy'];
export const CLUSTER_POLICY_KINDS = ['CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

export const emptyScanSet = (): ScanSet => ({ workflowCallers: {}, policyNamespaces: [], clusterWidePolicy: false, podTemplates: [], unseenPodNamespaces: [], disruptionBudgets: [], nodePackageManagers: {} });

/** API groups of Kubernetes itself: their kinds create no pods beyond the workloads the model reads. */
const BUILT_IN_GROUP = /^(|apps|batch|extensions|policy|autoscaling|[a-z.]*\.k8s\.io|skaffold)$/;
/** API groups of configuration that creates no pods (mesh, certificates, secrets, routing, monitoring rules). */
const NO_PODS_GROUP = /^(networking|security|telemetry|extensions)\.istio\.io$|^(acme\.)?cert-manager\.io$|^external-secrets\.io$|^bitnami\.com$|^traefik\.(io|containo\.us)$|^gateway\.solo\.io$|^cilium\.io$|^crd\.projectcalico\.org$|^cloud\.google\.com$|^networking\.gke\.io$|^kustomize\.config\.k8s\.io$/;
/**
 * Custom kinds known not to create pods (monitoring, certificates, mesh and routing configuration,
 * autoscalers, secrets): every other custom resource may make an operator start pods with labels
 * no manifest shows.
 */
const NO_PODS_KIND = /(ServiceMonitor|PodMonitor|PrometheusRule|Probe|ScrapeConfig|AlertmanagerConfig|Certificate|CertificateRequest|Issuer|ClusterIssuer|SealedSecret|ExternalSecret|SecretStore|VirtualService|DestinationRule|ServiceEntry|Route|Middleware|ScaledObject|TriggerAuthentication|VerticalPodAutoscaler|NetworkPolicy|BackendConfig|FrontendConfig|ManagedCertificate|ReferenceGrant|ConfigManagementPlugin|AnalysisTemplate|AppProject)$/;

const podCreating = (group: string, kind: string) => !BUILT_IN_GROUP.test(group) && !NO_PODS_GROUP.test(group) && !NO_PODS_KIND.test(kind);

/**
 * Can this text hold a workload or a pod-creating custom resource? Parsing every manifest a second
 * time is the cost of this pass, so files of only CRDs, RBAC, ConfigMaps... are left unparsed.
 */
const WORKLOAD_KIND_LINE = new RegExp(`^\\s*(- )?kind:\\s*["']?(${WORKLOAD_KINDS.join('|')})["']?\\s*(#.*)?$`, 'm');
function mayCreatePods(src: string): boolean {
  if (WORKLOAD_KIND_LINE.test(src)) return true;
  for (const m of src.matchAll(/^\s*(?:- )?apiVersion:\s*["']?([^\s/"']+)\//gm)) if (podCreating(m[1], '')) return true;
  return false;
}

/** Pod templates, pod-creating custom resources and PodDisruptionBudgets of one file. */
function podFacts(f: K8sFile, set: ScanSet, creators: Set<string>): void {
  for (const w of f.workloads) {
    if (isPartial(w)) continue;
    const o = w.object;
    // A bare Pod's labels are its own metadata's; a controller's are its template's.
    const labels = readLabels(o.kind === 'Pod' ? o.view.at('metadata', 'labels') : w.podMeta?.get('labels'));
    const replicas = o.view.at('spec', 'replicas')?.num();
    set.podTemplates.push({ loc: objectLoc(o), kind: o.kind, name: o.name, namespace: o.namespace ?? '', ...(labels ? { labels } : {}), ...(replicas !== undefined ? { replicas } : {}) });
  }
  const isWorkload = new Set(f.workloads.map((w) => w.object));
  for (const o of f.objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
    if (!isWorkload.has(o) && podCreating(group, o.kind)) creators.add(o.namespace ?? '');
  }
}

/** The repository root of a workflow file: the directory holding its `.github`. */
export function workflowRepoRoot(path: string): string | undefined {
  const i = path.lastIndexOf(`${sep}.github${sep}workflows${sep}`);
  return i >= 0 ? path.slice(0, i) : undefined;
}

const POLICY_TEXT = /NetworkPolicy|PodDisruptionBudget/;
const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;

/**
 * The namespace of a Kustomization that takes resources from outside the scanned files (a URL, a git
 * reference, a manifest file that is not scanned): '*' when it sets none (those resources name their
 * own, unseen); undefined when it takes nothing from outside.
 */
function kustomizationOutside(path: string, yaml: YamlFile, scanned: Set<string>): string | undefined {
  const root = yaml.root(0);
  if (!root?.isMap()) return undefined;
  const entries = ['resources', 'bases', 'components'].flatMap((k) => (root.get(k)?.items() ?? []).map((x) => x.str() ?? ''));
  const outside = entries.some((e) => /:\/\/|^github\.com\/|^git@|\?ref=/.test(e) || (/\.ya?ml$/.test(e) && !scanned.has(resolve(dirname(path), e))));
  return outside ? (root.get('namespace')?.str() ?? '*') : undefined;
}

/**
 * The text with every document that can hold no fact of this pass blanked out (line for line, so
 * locations stay exact): install bundles are megabytes of CRD schemas around a few Deployments.
 */
function relevantDocs(src: string): string {
  const docs = src.split(/^(?=---[ \t]*(?:#.*)?$)/m);
  if (docs.length < 2) return src;
  return docs.map((d) => (POLICY_TEXT.test(d) || mayCreatePods(d) ? d : '\n'.repeat(d.split('\n').length - 1))).join('');
}

/**
 * Read the facts from the scanned YAML files. `read` returns a file's text (bounded by the caller) or
 * undefined; a file that does not parse contributes what its intact documents say.
 */
export function buildScanSet(yamlFiles: string[], read: (path: string) => string | undefined, limits: YamlLimits): ScanSet {
  const set = emptyScanSet();
  const namespaces = new Set<string>();
  // Files that may hold workloads, read again (and parsed) only when a rule needs their pod templates.
  const k8sFiles: string[] = [];
  const parsed = new Map<string, K8sFile>();
  let needPods = false;
  // Namespaces of Kustomizations that take resources from outside the scanned files.
  const incomplete = new Set<string>();
  const scanned = new Set(yamlFiles.map((p) => resolve(p)));
  for (const path of yamlFiles) {
    const wfKind = workflowKindOf(path);
    const src = read(path);
    if (src === undefined) continue;
    if (KUSTOMIZATION.test(basename(path))) {
      const ns = kustomizationOutside(path, new YamlFile(path, src, limits), scanned);
      if (ns !== undefined) incomplete.add(ns);
      continue;
    }
    if (wfKind === 'workflow') {
      const root = workflowRepoRoot(path);
      if (root === undefined) continue;
      if (src.includes('actions/setup-node') && !(root in set.nodePackageManagers)) set.nodePackageManagers[root] = nodePackageManager(read(join(root, 'package.json')));
      if (!src.includes('./.github/workflows/')) continue;
      const wf = buildWorkflow(new YamlFile(path, src, limits), 'workflow');
      if (!wf) continue;
      const trigger = releaseTrigger(wf);
      for (const job of wf.jobs) {
        const uses = job.uses?.str()?.trim();
        if (!uses?.startsWith('./')) continue;
        const callee = resolve(root, uses.replace(/@.*$/, ''));
        const list = (set.workflowCallers[callee] ??= []);
        list.push({ file: path, job: job.id, line: job.keyLoc.startLine, column: job.keyLoc.startColumn, restricted: job.view.has('permissions') || wf.root.has('permissions'), conditional: job.if !== undefined, ...(trigger ? { releaseTrigger: trigger } : {}) });
      }
      continue;
    }
    if (wfKind) continue;
    if (!POLICY_TEXT.test(src)) {
      if (mayCreatePods(src)) k8sFiles.push(path);
      continue;
    }
    const yaml = new YamlFile(path, relevantDocs(src), limits);
    if (!looksLikeKubernetes(yaml)) continue;
    const f = buildK8sFile(yaml);
    parsed.set(path, f);
    for (const o of f.objects) {
      if (CLUSTER_POLICY_KINDS.includes(o.kind)) set.clusterWidePolicy = true;
      if (NAMESPACED_POLICY_KINDS.includes(o.kind)) namespaces.add(o.namespace ?? '');
      if (o.kind === 'NetworkPolicy') {
        const sel = readSelector(o.view.at('spec', 'podSelector'));
        if (!sel || !selectsAll(sel)) needPods = true;
      }
      if (o.kind === 'PodDisruptionBudget') {
        needPods = true;
        // policy/v1: a PodDisruptionBudget without a selector selects no pods.
        if (!o.view.at('spec', 'selector')) continue;
        const selector = readSelector(o.view.at('spec', 'selector'));
        set.disruptionBudgets.push({ loc: objectLoc(o), name: o.name, namespace: o.namespace ?? '', ...(selector ? { selector } : {}) });
      }
    }
  }
  set.policyNamespaces = [...namespaces].sort();
  if (needPods) {
    const creators = new Set<string>();
    for (const f of parsed.values()) podFacts(f, set, creators);
    for (const path of k8sFiles) {
      const src = read(path);
      if (src === undefined) continue;
      const yaml = new YamlFile(path, relevantDocs(src), limits);
      if (looksLikeKubernetes(yaml)) podFacts(buildK8sFile(yaml), set, creators);
    }
    set.unseenPodNamespaces = [...new Set([...creators, ...incomplete])].sort();
  }
  return set;
}

/** The package manager fields of a package.json text, as actions/setup-node reads them (a JSON error reads as nothing). */
function nodePackageManager(src: string | undefined): NodePackageManager | null {
  if (src === undefined) return null;
  let pkg: unknown;
  try {
    pkg = JSON.parse(src);
  } catch {
    return null;
  }
  if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) return null;
  const { packageManager, devEngines } = pkg as { packageManager?: unknown; devEngines?: { packageManager?: unknown } };
  const dev = devEngines && typeof devEngines === 'object' ? devEngines.packageManager : undefined;
  const names = (Array.isArray(dev) ? dev : dev ? [dev] : []).flatMap((d: unknown) => (d && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string' ? [(d as { name: string }).name] : []));
  return { ...(typeof packageManager === 'string' ? { packageManager } : {}), devEngines: names };
}

/** The scanned jobs that call this workflow file as a reusable workflow of the same repository. */
export function callersOf(set: ScanSet | undefined, workflowPath: string): WorkflowCaller[] {
  return set?.workflowCallers[resolve(workflowPath)] ?? [];
}
