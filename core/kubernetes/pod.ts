// Pod-spec helpers shared by the Kubernetes rules: effective securityContext values (a pod-level
// setting is inherited by every container that does not set it), partial objects (Kustomize patches),
// locations for "missing" findings and readable names for messages.
import type { Location } from '../types.js';
import type { YView } from '../yaml/view.js';
import type { Container, K8sFile, K8sObject, Workload } from './model.js';
import { matchSelector, readSelector } from './selector.js';

/** Fields of a container securityContext that a PodSecurityContext also has (and the container inherits). */
const INHERITED = new Set(['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seLinuxOptions', 'seccompProfile', 'windowsOptions', 'appArmorProfile']);

export interface Effective {
  view: YView;
  /** Where the value is written: the container's own securityContext or the pod's. */
  level: 'container' | 'pod';
}

/**
 * The value a container runs with for a securityContext field: the container's own setting, else the
 * pod-level one for inherited fields. `path` may go deeper (`seccompProfile`, `type`).
 */
export function effectiveSc(w: Workload, c: Container, ...path: string[]): Effective | undefined {
  const own = c.view.at('securityContext', ...path);
  if (own && !isNull(own)) return { view: own, level: 'container' };
  if (!INHERITED.has(path[0])) return undefined;
  const pod = w.podSpec.at('securityContext', ...path);
  if (pod && !isNull(pod)) return { view: pod, level: 'pod' };
  return undefined;
}

export const isNull = (v: YView) => v.isScalar() && (v.value === null || v.value === undefined);

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/**
 * A partial object, e.g. a Kustomize strategic-merge patch: an apps/v1 controller without spec.selector,
 * a container with no image, or a pod spec without containers. Rules never claim a setting is missing on one.
 */
export function isPartial(w: Workload): boolean {
  // apps/v1 controllers require spec.selector; a strategic-merge patch usually leaves it out.
  if (w.object.apiVersion === 'apps/v1' && SELECTOR_KINDS.has(w.object.kind) && !w.object.view.at('spec', 'selector')) return true;
  const list = w.podSpec.get('containers');
  if (!list || !list.isSeq() || !list.items().length) return true;
  return w.containers.some((c) => !c.view.has('image'));
}

/** Where to report something missing on a container: its `name: x` pair (the list item's first key). */
export function containerLoc(c: Container): Location {
  const n = c.view.get('name');
  return n ? n.pairLoc : c.view.loc;
}

/** Where to report something missing on a pod: the pod spec's key (`spec:` of the template). */
export function podSpecLoc(w: Workload): Location {
  return w.podSpec.keyLoc;
}

/** Where to report something missing on an object: its `name:` in metadata, else `kind:`. */
export function objectLoc(o: K8sObject): Location {
  return o.view.at('metadata', 'name')?.pairLoc ?? o.view.get('kind')?.pairLoc ?? o.view.loc;
}

export function objName(o: K8sObject): string {
  return `${o.kind} "${o.name || '(unnamed)'}"`;
}

const GROUP_WORD: Record<string, string> = { containers: 'Container', initContainers: 'Init container', ephemeralContainers: 'Ephemeral container' };

/** `Container "app" in Deployment "web"` */
export function cName(w: Workload, c: Container): string {
  return `${GROUP_WORD[c.group] ?? 'Container'} "${c.name || '(unnamed)'}" in ${objName(w.object)}`;
}

/** Objects of the given kinds (by kind name). */
export function objectsOf(f: K8sFile, ...kinds: string[]): K8sObject[] {
  return f.objects.filter((o) => kinds.includes(o.kind));
}

/** String items of a sequence (scalars only). */
export function strItems(v: YView | undefined): { s: string; view: YView }[] {
  return (v?.items() ?? []).flatMap((x) => {
    const s = x.str();
    return s === undefined ? [] : [{ s, view: x }];
  });
}

/** Labels of a map node as plain strings. */
export function labelsOf(v: YView | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of v?.entries() ?? []) {
    const s = x.str();
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/**
 * Does a LabelSelector (matchLabels / matchExpressions, or a plain map as in Service.spec.selector) select
 * these labels? An empty selector selects everything. Returns undefined for a selector we cannot read.
 */
export function selects(selector: YView | undefined, labels: Record<string, string>, plainMap = false): boolean | undefined {
  const s = readSelector(selector, plainMap);
  return s && matchSelector(s, labels);
}

/** Namespace of an object, `default` when unset (what kubectl apply would use without -n). */
export const nsOf = (o: K8sObject) => o.namespace ?? '';

/**
 * Two objects' namespaces ('' when the manifest names none) can be the same: equal, or one unset and
 * the other `default` (kubectl applies a manifest without one to `default`, or to the namespace given with -n or by Kustomize).
 */
export const sameNamespace = (a: string, b: string) => a === b || ((a === '' || a === 'default') && (b === '' || b === 'default'));
