// classifyFindings on its own: which findings a pull request caused. The e2e tests drive it through the
// bundle; these pin the scope rules for deletions, where no added line marks the change.
import { describe, expect, it } from 'vitest';
import { classifyFindings } from '../../action/classify.js';
import { toChangeSet } from '../../action/diff.js';
import type { Finding } from '../../core/types.js';

const finding = (file: string, line: number, ruleId = 'TG-K8S-015'): Finding => ({
  ruleId, title: 't', category: 'network-exposure', severity: 'medium', controls: ['CC6.6'], message: `m ${file}`, remediation: 'r',
  location: { file, startLine: line, startColumn: 1, endLine: line, endColumn: 2 }, suppressed: false,
});
const rel = (f: Finding) => f.location.file;

describe('classifyFindings: deletions', () => {
  const changes = toChangeSet([{ filename: 'k8s/netpol.yaml', status: 'removed' }]);

  it('a deleted manifest keeps its place in the change set, with no lines', () => {
    expect(changes.get('k8s/netpol.yaml')).toEqual({ path: 'k8s/netpol.yaml', status: 'removed', lines: new Set() });
  });

  it('a YAML finding the base does not have is caused by the deletion, in any manifest', () => {
    const [c] = classifyFindings([finding('apps/api.yaml', 3)], { scope: 'changed-lines', changes, base: [], rel });
    expect(c).toMatchObject({ inScope: true, status: 'new' });
  });

  it('one the base already has stays pre-existing; without a base scan nothing is presumed caused', () => {
    const f = finding('apps/api.yaml', 3);
    expect(classifyFindings([f], { scope: 'changed-lines', changes, base: [f], rel })[0].status).toBe('pre-existing');
    expect(classifyFindings([f], { scope: 'changed-lines', changes, base: undefined, rel })[0].status).toBe('pre-existing');
  });

  it('a deleted .tf file puts its module directory in scope, not other directories', () => {
    const tf = toChangeSet([{ filename: 'infra/versioning.tf', status: 'removed' }]);
    const [same, other] = classifyFindings([finding('infra/bucket.tf', 1, 'TG-AWS-007'), finding('other/bucket.tf', 1, 'TG-AWS-007')], { scope: 'changed-lines', changes: tf, base: [], rel });
    expect(same.status).toBe('new');
    expect(other.status).toBe('pre-existing');
  });
});
