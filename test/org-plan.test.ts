// Org mode's pure parts: the repository filter, the matrix batches within GitHub's 256-job limit,
// and owner teams from CODEOWNERS.
import { describe, expect, it } from 'vitest';
import { wholeTreeOwners } from '../core/org/codeowners.js';
import { exclusionReason, MAX_MATRIX_JOBS, splitBatches, type GhRepository } from '../core/org/plan.js';

const repo = (name: string, extra: Partial<GhRepository> = {}): GhRepository => ({ name, full_name: `acme/${name}`, default_branch: 'main', ...extra });

describe('batches', () => {
  it('never more than 256 jobs: 10,000 repositories one per job still fit, 39 or 40 per job', () => {
    const b = splitBatches(Array.from({ length: 10_000 }, (_, i) => i), 1);
    expect(b).toHaveLength(MAX_MATRIX_JOBS);
    expect(new Set(b.map((x) => x.length))).toEqual(new Set([39, 40]));
    expect(b.flat()).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });
  it('at least batch-size repositories per job when there are few; sizes differ by one at most', () => {
    expect(splitBatches(Array.from({ length: 298 }, (_, i) => i), 50).map((x) => x.length)).toEqual([50, 50, 50, 50, 49, 49]);
    expect(splitBatches([1, 2, 3], 20)).toEqual([[1, 2, 3]]);
    expect(splitBatches([], 20)).toEqual([]);
    expect(splitBatches(Array.from({ length: 100 }, (_, i) => i), 1, 10).map((x) => x.length)).toEqual(Array(10).fill(10));
  });
});

describe('filter', () => {
  it('archived repositories and forks are left out by default, with the reason', () => {
    expect(exclusionReason(repo('a', { archived: true }), {})).toBe('archived (excluded by default)');
    expect(exclusionReason(repo('a', { archived: true }), { includeArchived: true })).toBeUndefined();
    expect(exclusionReason(repo('a', { fork: true }), {})).toBe('fork (excluded by default)');
    expect(exclusionReason(repo('a', { fork: true }), { includeForks: true })).toBeUndefined();
    expect(exclusionReason(repo('a', { default_branch: undefined }), {})).toBe('no default branch (empty repository)');
  });
  it('name globs (core/glob.ts) on the name, or on owner/name when the glob has a slash; topics: any of them', () => {
    expect(exclusionReason(repo('infra-eu'), { names: ['infra-*'] })).toBeUndefined();
    expect(exclusionReason(repo('web'), { names: ['infra-*'] })).toBe('name matches none of infra-*');
    expect(exclusionReason(repo('web'), { names: ['acme/w*'] })).toBeUndefined();
    expect(exclusionReason(repo('infra-sandbox'), { names: ['infra-*'], excludeNames: ['*-sandbox'] })).toMatch(/excluded pattern/);
    expect(exclusionReason(repo('x', { topics: ['terraform', 'aws'] }), { topics: ['k8s', 'aws'] })).toBeUndefined();
    expect(exclusionReason(repo('x', { topics: [] }), { topics: ['k8s'] })).toBe('has none of the topics k8s');
  });
});

describe('CODEOWNERS', () => {
  it('the owners of the last rule covering the whole tree; comments, emails and other rules ignored', () => {
    expect(wholeTreeOwners('# top\n* @acme/old\n/docs/ @acme/docs\n*  @acme/platform  @alice # later wins\n*.tf @acme/infra\n')).toEqual(['@acme/platform', '@alice']);
    expect(wholeTreeOwners('/** ops@example.com @acme/ops\n')).toEqual(['ops@example.com', '@acme/ops']);
    expect(wholeTreeOwners('/src/ @acme/dev\n')).toEqual([]);
    expect(wholeTreeOwners('* <script>\n')).toEqual([]);
  });
});
