// Core fixes made while writing the Kubernetes rules: merge keys in the YAML view, broken documents in
// the Kubernetes model, and the pod helpers (inherited securityContext, partial objects, selectors).
import { describe, expect, it } from 'vitest';
import { buildK8sFile } from '../core/kubernetes/model.js';
import { effectiveSc, isPartial, sameNamespace, selects } from '../core/kubernetes/pod.js';
import { matchSelector, readSelector, selectsAll } from '../core/kubernetes/selector.js';
import { minReplicas } from '../rules/kubernetes/_lib/replicas.js';
import { YamlFile } from '../core/yaml/view.js';

describe('YAML view merge keys', () => {
  it('follows `<<` merges (yaml 2.x gives the merge key a Symbol value)', () => {
    const y = new YamlFile('x.yaml', 'base: &b\n  a: 1\n  c: 3\nderived:\n  <<: *b\n  a: 2\nmulti:\n  <<: [*b, {d: 4}]\n');
    const r = y.root(0)!;
    expect(r.at('derived', 'a')?.num()).toBe(2);
    expect(r.at('derived', 'c')?.num()).toBe(3);
    expect(r.get('derived')!.entries().map(([k]) => k)).toEqual(['a', 'c']);
    expect(r.at('multi', 'd')?.num()).toBe(4);
    expect(r.at('multi', 'c')?.num()).toBe(3);
    // The merged value is located where it is written (in the anchored map).
    expect(r.at('derived', 'c')!.loc.startLine).toBe(3);
  });
});

describe('YAML view aliases', () => {
  it('locates a value reached through an alias where it is written', () => {
    const y = new YamlFile('x.yaml', 'a:\n  image: &img nginx:latest\nb:\n  image: *img\n');
    const v = y.root(0)!.at('b', 'image')!;
    expect(v.str()).toBe('nginx:latest');
    expect(v.pairLoc.startLine).toBe(2);
    expect(y.root(0)!.at('a', 'image')!.pairLoc).toMatchObject({ startLine: 2, startColumn: 3 });
  });
});

describe('Kubernetes model', () => {
  it('skips a document with YAML errors but keeps the others', () => {
    const src = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: x, image: y}]}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  bad: [unclosed\nspec: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec: {containers: []}\n';
    const f = buildK8sFile(new YamlFile('p.yaml', src));
    expect(f.objects.map((o) => o.name)).toEqual(['a', 'c']);
  });

  it('inherits pod-level securityContext fields, the container setting wins', () => {
    const src = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: a
      image: x
    - name: b
      image: x
      securityContext: {runAsUser: 0, allowPrivilegeEscalation: false}
`;
    const f = buildK8sFile(new YamlFile('p.yaml', src));
    const w = f.workloads[0];
    const [a, b] = w.containers;
    expect(effectiveSc(w, a, 'runAsUser')).toMatchObject({ level: 'pod' });
    expect(effectiveSc(w, a, 'runAsUser')!.view.num()).toBe(1000);
    expect(effectiveSc(w, b, 'runAsUser')!.view.num()).toBe(0);
    expect(effectiveSc(w, b, 'seccompProfile', 'type')!.view.str()).toBe('RuntimeDefault');
    // allowPrivilegeEscalation has no pod-level field.
    expect(effectiveSc(w, a, 'allowPrivilegeEscalation')).toBeUndefined();
    expect(isPartial(w)).toBe(false);
  });

  it('treats a container without image as a partial object (Kustomize patch)', () => {
    const src = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          resources: {limits: {memory: 1Gi}}\n';
    expect(isPartial(buildK8sFile(new YamlFile('d.yaml', src)).workloads[0])).toBe(true);
  });

  it('matches label selectors', () => {
    const y = new YamlFile('s.yaml', 'a: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [fe]}]}\nb: {}\n');
    const r = y.root(0)!;
    expect(selects(r.get('a'), { app: 'web', tier: 'fe' })).toBe(true);
    expect(selects(r.get('a'), { app: 'web', tier: 'be' })).toBe(false);
    expect(selects(r.get('b'), { anything: 'x' })).toBe(true);
  });

  it('reads selectors as plain data: every operator, templated values unreadable, null selects all', () => {
    const y = new YamlFile(
      's.yaml',
      'ops: {matchExpressions: [{key: a, operator: NotIn, values: [x]}, {key: b, operator: DoesNotExist}, {key: c, operator: Exists}]}\n' +
        'helm: {matchLabels: {app: "{{ .Values.app }}"}}\nenv: {matchLabels: {app: "${APP}"}}\nbad: {matchExpressions: [{key: a, operator: Gt, values: ["1"]}]}\nnone: null\nplain: {app: web}\n',
    );
    const r = y.root(0)!;
    const ops = readSelector(r.get('ops'))!;
    expect(matchSelector(ops, { c: '1' })).toBe(true);
    expect(matchSelector(ops, { a: 'y', c: '1' })).toBe(true);
    expect(matchSelector(ops, { a: 'x', c: '1' })).toBe(false);
    expect(matchSelector(ops, { b: '1', c: '1' })).toBe(false);
    expect(matchSelector(ops, {})).toBe(false);
    expect(readSelector(r.get('helm'))).toBeUndefined();
    expect(readSelector(r.get('env'))).toBeUndefined();
    expect(readSelector(r.get('bad'))).toBeUndefined();
    expect(selectsAll(readSelector(r.get('none'))!)).toBe(true);
    expect(matchSelector(readSelector(r.get('plain'), true)!, { app: 'web', x: 'y' })).toBe(true);
    // A label named like an Object.prototype member is not present unless the pod has it.
    expect(matchSelector(readSelector(new YamlFile('t.yaml', 'matchExpressions: [{key: constructor, operator: Exists}]\n').root(0))!, {})).toBe(false);
  });

  it('treats an unset namespace and `default` as possibly the same, nothing else', () => {
    expect(sameNamespace('', 'default')).toBe(true);
    expect(sameNamespace('default', '')).toBe(true);
    expect(sameNamespace('shop', 'shop')).toBe(true);
    expect(sameNamespace('', 'shop')).toBe(false);
    expect(sameNamespace('default', 'shop')).toBe(false);
  });
});

describe('partial objects', () => {
  it('treats an apps/v1 Deployment without spec.selector as a patch', () => {
    const src = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: nginx:1.27}]\n';
    expect(isPartial(buildK8sFile(new YamlFile('d.yaml', src)).workloads[0])).toBe(true);
    const full = src.replace('spec:\n  template', 'spec:\n  selector: {matchLabels: {app: d}}\n  template');
    expect(isPartial(buildK8sFile(new YamlFile('d.yaml', full)).workloads[0])).toBe(false);
  });
});

describe('minReplicas (rules/kubernetes/_lib/replicas.ts)', () => {
  const file = (src: string) => buildK8sFile(new YamlFile('r.yaml', src));
  const dep = (extra: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n${extra}  selector: {matchLabels: {app: web}}\n`;
  it('reads spec.replicas, defaults to 1, and leaves a templated count unknown', () => {
    expect(minReplicas(file(dep('  replicas: 3\n')), file(dep('  replicas: 3\n')).objects[0]).n).toBe(3);
    const d = file(dep(''));
    expect(minReplicas(d, d.objects[0])).toEqual({ n: 1 });
    const t = file(dep('  replicas: "${N}"\n'));
    expect(minReplicas(t, t.objects[0]).n).toBeUndefined();
  });
  it('takes the minimum of an autoscaler in the same file that targets the workload (by kind and name)', () => {
    const hpa = (kind: string, min: string) => `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: ${kind}, name: web}\n${min}`;
    const f = file(dep('  replicas: 1\n') + hpa('Deployment', '  minReplicas: 4\n'));
    const r = minReplicas(f, f.objects[0]);
    expect(r.n).toBe(4);
    expect(r.autoscaler?.kind).toBe('HorizontalPodAutoscaler');
    const other = file(dep('  replicas: 2\n') + hpa('StatefulSet', '  minReplicas: 4\n'));
    expect(minReplicas(other, other.objects[0]).n).toBe(2);
    const unset = file(dep('') + hpa('Deployment', ''));
    expect(minReplicas(unset, unset.objects[0]).n).toBe(1);
  });
});
