// Kubernetes manifests: every object of a (multi-document) file, `kind: List` items, and every workload
// kind reduced to its pod spec with exact ranges.
import type { YamlFile, YView } from '../yaml/view.js';

export interface K8sObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  view: YView;
  docIndex: number;
  /** Annotations as plain strings. */
  annotations: Record<string, string>;
}

export interface Container {
  name: string;
  view: YView;
  /** containers | initContainers | ephemeralContainers */
  group: string;
}

export interface Workload {
  object: K8sObject;
  podSpec: YView;
  /** metadata of the pod template (annotations for suppressions, labels). */
  podMeta?: YView;
  containers: Container[];
}

export interface K8sFile {
  path: string;
  yaml: YamlFile;
  objects: K8sObject[];
  workloads: Workload[];
}

const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/**
 * Custom resources that carry a pod template, by API group and kind (a kind alone is ambiguous:
 * Knative's Service is not the core Service).
 */
const CRD_POD_SPEC_PATHS: Record<string, string[]> = {
  'serving.knative.dev/Service': ['spec', 'template', 'spec'],
  'serving.knative.dev/Configuration': ['spec', 'template', 'spec'],
  'serving.knative.dev/Revision': ['spec'],
  'argoproj.io/Rollout': ['spec', 'template', 'spec'],
  'apps.kruise.io/CloneSet': ['spec', 'template', 'spec'],
  'apps.kruise.io/StatefulSet': ['spec', 'template', 'spec'],
  'apps.kruise.io/DaemonSet': ['spec', 'template', 'spec'],
};

function podSpecPath(o: K8sObject): string[] | undefined {
  const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
  return CRD_POD_SPEC_PATHS[`${group}/${o.kind}`] ?? POD_SPEC_PATHS[o.kind];
}

/** The kinds that carry a pod spec: what a Kubernetes rule inspects unless it names other kinds (core/soc2/verdict.ts). */
export const WORKLOAD_KINDS = [...new Set([...Object.keys(POD_SPEC_PATHS), ...Object.keys(CRD_POD_SPEC_PATHS).map((k) => k.slice(k.indexOf('/') + 1)).filter((k) => k !== 'Service')])];

function toObject(view: YView, docIndex: number): K8sObject | undefined {
  const kind = view.get('kind')?.str();
  const apiVersion = view.get('apiVersion')?.str();
  if (!kind || !apiVersion) return undefined;
  const md = view.get('metadata');
  const annotations: Record<string, string> = {};
  for (const [k, v] of md?.get('annotations')?.entries() ?? []) {
    const s = v.str();
    if (s !== undefined) annotations[k] = s;
  }
  return { kind, apiVersion, name: md?.get('name')?.str() ?? '', namespace: md?.get('namespace')?.str(), view, docIndex, annotations };
}

/** True when a parsed YAML document looks like a Kubernetes object (apiVersion + kind). */
export function looksLikeKubernetes(file: YamlFile): boolean {
  for (let i = 0; i < file.docs.length; i++) {
    const r = file.root(i);
    if (r?.isMap() && r.has('apiVersion') && r.has('kind')) return true;
  }
  return false;
}

export function buildK8sFile(yaml: YamlFile): K8sFile {
  const objects: K8sObject[] = [];
  for (let i = 0; i < yaml.docs.length; i++) {
    // A document with YAML errors is only partly parsed (its parse errors are reported): rules would
    // see a truncated object and claim settings are missing, so only the intact documents are checked.
    if (yaml.docs[i].errors.length) continue;
    const root = yaml.root(i);
    if (!root?.isMap()) continue;
    const o = toObject(root, i);
    if (!o) continue;
    if (o.kind === 'List' || o.kind.endsWith('List')) {
      for (const item of root.get('items')?.items() ?? []) {
        const io = toObject(item, i);
        if (io) objects.push(io);
      }
    } else objects.push(o);
  }
  const workloads: Workload[] = [];
  for (const o of objects) {
    const path = podSpecPath(o);
    if (!path) continue;
    const podSpec = o.view.at(...path);
    if (!podSpec?.isMap()) continue;
    const podMeta = o.view.at(...path.slice(0, -1), 'metadata');
    const containers: Container[] = [];
    for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const c of podSpec.get(group)?.items() ?? []) {
        if (c.isMap()) containers.push({ name: c.get('name')?.str() ?? '', view: c, group });
      }
    }
    workloads.push({ object: o, podSpec, podMeta, containers });
  }
  return { path: yaml.path, yaml, objects, workloads };
}
