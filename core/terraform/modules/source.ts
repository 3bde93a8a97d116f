// Module source addresses (Terraform's go-getter forms) sorted into what Trustgate can fetch:
// registry addresses, git repositories and http(s) archives. Anything else is named and refused.
export type SourceAddress =
  | { kind: 'registry'; host: string; namespace: string; name: string; provider: string; subdir: string }
  | { kind: 'git'; url: string; ref?: string; subdir: string }
  | { kind: 'archive'; url: string; format: 'tar.gz' | 'zip'; subdir: string }
  | { kind: 'unsupported'; reason: string };

export const DEFAULT_REGISTRY = 'registry.terraform.io';
const PART = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const HOST = /^[0-9A-Za-z.-]+(?::\d{1,5})?$/;

/** `x//sub` → ['x', 'sub'], leaving a scheme's `://` alone. */
function splitSubdir(s: string): [string, string] {
  const schemeEnd = s.indexOf('://');
  const from = schemeEnd >= 0 ? schemeEnd + 3 : 0;
  const i = s.indexOf('//', from);
  if (i < 0) return [s, ''];
  const rest = s.slice(i + 2);
  const q = rest.indexOf('?');
  // A query belongs to the URL part: git::https://h/r.git//sub?ref=v1
  return q >= 0 ? [s.slice(0, i) + rest.slice(q), rest.slice(0, q)] : [s.slice(0, i), rest];
}

export function parseSource(source: string): SourceAddress {
  const s = source.trim();
  if (/^[a-z0-9]+::/i.test(s) && !s.startsWith('git::')) return { kind: 'unsupported', reason: `the ${s.slice(0, s.indexOf('::'))}:: source type is not supported (git, registry and https archives are)` };
  const [main, subdir] = splitSubdir(s.startsWith('git::') ? s.slice(5) : s);
  if (subdir.split('/').includes('..')) return { kind: 'unsupported', reason: 'its //subdirectory leaves the package' };
  if (s.startsWith('git::') || /^github\.com\//.test(main) || /\.git($|\?)/.test(main)) return git(main, subdir);
  if (/^https?:\/\//.test(main)) {
    const url = new URL(main);
    const archive = url.searchParams.get('archive');
    const p = url.pathname.toLowerCase();
    const format = archive === 'zip' || (!archive && p.endsWith('.zip')) ? 'zip' : archive === 'tar.gz' || archive === 'tgz' || (!archive && (p.endsWith('.tar.gz') || p.endsWith('.tgz'))) ? 'tar.gz' : undefined;
    if (!format) return { kind: 'unsupported', reason: 'an http(s) source must name a .tar.gz, .tgz or .zip archive (or ?archive=)' };
    url.searchParams.delete('archive');
    return { kind: 'archive', url: url.toString(), format, subdir };
  }
  const parts = main.split('/');
  if ((parts.length === 3 || parts.length === 4) && !main.includes('?')) {
    const [host, ns, name, provider] = parts.length === 4 ? parts : [DEFAULT_REGISTRY, ...parts];
    if (HOST.test(host) && [ns, name, provider].every((p) => PART.test(p))) return { kind: 'registry', host: host.toLowerCase(), namespace: ns, name, provider, subdir };
  }
  return { kind: 'unsupported', reason: 'the source address form is not supported (git, registry and https archives are)' };
}

function git(main: string, subdir: string): SourceAddress {
  let m = main;
  if (/^github\.com\//.test(m)) m = 'https://' + m.replace(/(\.git)?(\?|$)/, '.git$2');
  const q = m.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? m.slice(q + 1) : '');
  const base = q >= 0 ? m.slice(0, q) : m;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return { kind: 'unsupported', reason: 'the git address is not a URL (ssh scp-style addresses are not supported)' };
  }
  // No ext::, file:// or ssh (which would need keys); git runs with the same allow-list.
  if (!['https:', 'http:', 'git:'].includes(url.protocol)) return { kind: 'unsupported', reason: `git over ${url.protocol.replace(':', '')} is not allowed (https, http and git:// are)` };
  const ref = params.get('ref') ?? undefined;
  if (ref !== undefined && !/^[0-9A-Za-z][0-9A-Za-z._/-]{0,199}$/.test(ref)) return { kind: 'unsupported', reason: `the git ref "${ref}" is not a plain branch, tag or commit name` };
  for (const k of params.keys()) if (k !== 'ref' && k !== 'depth') return { kind: 'unsupported', reason: `the git source option "${k}" is not supported` };
  return { kind: 'git', url: url.toString(), ...(ref ? { ref } : {}), subdir };
}
