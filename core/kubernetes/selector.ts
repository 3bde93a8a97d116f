// Kubernetes label selectors as plain data, so they can be read once (in the scan-set pass) and
// matched anywhere (in a worker, against the pod templates of other files).
import type { YView } from '../yaml/view.js';

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] }[];
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** A templated value (Helm, Kustomize vars, envsubst) is not the value the cluster sees. */
const TEMPLATED = /\{\{|\$\{|\$\(/;

function stringMap(v: YView | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (!v || (v.isScalar() && (v.value === null || v.value === undefined))) return out;
  if (!v.isMap()) return undefined;
  for (const [k, x] of v.entries()) {
    const s = x.str();
    if (s === undefined || TEMPLATED.test(k) || TEMPLATED.test(s)) return undefined;
    out[k] = s;
  }
  return out;
}

/**
 * Read a LabelSelector node (matchLabels / matchExpressions), or with `plainMap` a bare map as in
 * Service.spec.selector. Absent or null reads as the empty selector; undefined when it cannot be read
 * (an unknown operator, a templated value, a non-map).
 */
export function readSelector(v: YView | undefined, plainMap = false): LabelSelector | undefined {
  if (!v || (v.isScalar() && (v.value === null || v.value === undefined))) return { matchLabels: {}, matchExpressions: [] };
  if (!v.isMap()) return undefined;
  if (plainMap) {
    const matchLabels = stringMap(v);
    return matchLabels && { matchLabels, matchExpressions: [] };
  }
  const matchLabels = stringMap(v.get('matchLabels'));
  if (!matchLabels) return undefined;
  const matchExpressions: LabelSelector['matchExpressions'] = [];
  for (const e of v.get('matchExpressions')?.items() ?? []) {
    const key = e.get('key')?.str();
    const operator = e.get('operator')?.str();
    if (!key || !operator || !OPERATORS.has(operator) || TEMPLATED.test(key)) return undefined;
    const values: string[] = [];
    for (const x of e.get('values')?.items() ?? []) {
      const s = x.str();
      if (s === undefined || TEMPLATED.test(s)) return undefined;
      values.push(s);
    }
    matchExpressions.push({ key, operator: operator as LabelSelector['matchExpressions'][number]['operator'], values });
  }
  return { matchLabels, matchExpressions };
}

/** The selector selects every pod (`{}`). */
export const selectsAll = (s: LabelSelector) => !Object.keys(s.matchLabels).length && !s.matchExpressions.length;

/** Does the selector select a pod with these labels? */
export function matchSelector(s: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) if (labels[k] !== v) return false;
  for (const { key, operator, values } of s.matchExpressions) {
    const has = Object.hasOwn(labels, key);
    if (operator === 'In' && !(has && values.includes(labels[key]))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key])) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Keys of the labels a selector requires (matchLabels, In, Exists). */
export const selectorKeys = (s: LabelSelector) => [...Object.keys(s.matchLabels), ...s.matchExpressions.map((e) => e.key)];

/**
 * Labels a controller adds to the pods it creates (not written in the pod template): a selector on
 * one of them cannot be judged from the manifests.
 */
export const CONTROLLER_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'controller-uid',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

/** The labels of a pod template, or undefined when one is templated (cannot be known). */
export const readLabels = (v: YView | undefined) => stringMap(v);
