// CODEOWNERS against the examples of GitHub's documentation ("About code owners"): last matching
// pattern wins, gitignore-like patterns, `docs/*` only one level, empty owners leave files unowned.
import { describe, expect, it } from 'vitest';
import { ownersOf, parseCodeOwners, readCodeOwners } from '../../core/readiness/codeowners.js';
import { tempDirs } from '../tmp.js';

const tmp = tempDirs('tg-co-');
// GitHub's documented example file, in order (comments shortened).
const GITHUB_EXAMPLE = `# default owners for everything in the repo
*       @global-owner1 @global-owner2
# the last matching pattern takes the most precedence
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
# docs/* matches docs/getting-started.md but not docs/build-app/troubleshooting.md
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
`;

describe('CODEOWNERS (GitHub documentation examples)', () => {
  const co = parseCodeOwners('.github/CODEOWNERS', GITHUB_EXAMPLE);
  const owners = (p: string) => ownersOf(co, p).owners;

  it('the last matching pattern wins, and an inline comment is not an owner', () => {
    expect(owners('README.md')).toEqual(['@global-owner1', '@global-owner2']);
    expect(owners('src/app.js')).toEqual(['@js-owner']);
    expect(owners('cmd/main.go')).toEqual(['docs@example.com']);
    expect(owners('notes/a.txt')).toEqual(['@octo-org/octocats']);
  });
  it('/build/logs/ owns the directory at the root and everything below it', () => {
    expect(owners('build/logs/today/x.tf')).toEqual(['@octocat']); // **/logs comes later and also matches
    expect(ownersOf(parseCodeOwners('CODEOWNERS', '* @a\n/build/logs/ @doctocat\n'), 'build/logs/deep/x.tf').owners).toEqual(['@doctocat']);
    expect(ownersOf(parseCodeOwners('CODEOWNERS', '* @a\n/build/logs/ @doctocat\n'), 'src/build/logs/x.tf').owners).toEqual(['@a']);
  });
  it('docs/* matches files directly in docs but not nested ones', () => {
    const d = parseCodeOwners('CODEOWNERS', '* @all\ndocs/* docs@example.com\n');
    expect(ownersOf(d, 'docs/getting-started.md').owners).toEqual(['docs@example.com']);
    expect(ownersOf(d, 'docs/build-app/troubleshooting.md').owners).toEqual(['@all']);
  });
  it('apps/ matches an apps directory anywhere; /docs/ only at the root', () => {
    const d = parseCodeOwners('CODEOWNERS', '* @all\napps/ @octocat\n/docs/ @doctocat\n');
    expect(ownersOf(d, 'apps/x.tf').owners).toEqual(['@octocat']);
    expect(ownersOf(d, 'services/apps/deep/x.tf').owners).toEqual(['@octocat']);
    expect(ownersOf(d, 'docs/a/b.md').owners).toEqual(['@doctocat']);
    expect(ownersOf(d, 'src/docs/b.md').owners).toEqual(['@all']);
  });
  it('**/logs owns logs directories at any depth; /scripts/ has two owners', () => {
    expect(owners('deeply/nested/logs/x.yaml')).toEqual(['@octocat']);
    expect(owners('scripts/deploy.sh')).toEqual(['@doctocat', '@octocat']);
  });
  it('a pattern without owners leaves its files unowned (/apps/github after /apps/)', () => {
    expect(owners('apps/github/main.tf')).toEqual([]);
    expect(ownersOf(co, 'apps/github/main.tf').rule?.pattern).toBe('/apps/github');
    expect(owners('apps/web/main.tf')).toEqual(['@octocat']);
    const d = parseCodeOwners('CODEOWNERS', '/apps/ @octocat\n/apps/github @doctocat\n');
    expect(ownersOf(d, 'apps/github/main.tf').owners).toEqual(['@doctocat']);
  });
  it('skips what GitHub does not support (negation, ranges) and honours \\# escapes', () => {
    const d = parseCodeOwners('CODEOWNERS', '* @all\n!secret.tf @nobody\nfile[0-9].tf @nobody\n\\#notes.md @hash\n');
    expect(d.rules.map((r) => r.pattern)).toEqual(['*', '\\#notes.md']);
    expect(ownersOf(d, '#notes.md').owners).toEqual(['@hash']);
    expect(ownersOf(d, 'secret.tf').owners).toEqual(['@all']);
  });
  it('reads the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS', () => {
    const d = tmp({ CODEOWNERS: '* @root\n', 'docs/CODEOWNERS': '* @docs\n', '.github/CODEOWNERS': '* @github\n' });
    expect(readCodeOwners(d)?.file).toBe('.github/CODEOWNERS');
    expect(readCodeOwners(tmp({ 'docs/CODEOWNERS': '* @docs\n', 'CODEOWNERS': '* @root\n' }))?.file).toBe('CODEOWNERS');
    expect(readCodeOwners(tmp({ 'x.tf': '' }))).toBeUndefined();
  });
});
