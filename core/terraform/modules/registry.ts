// Terraform's module registry protocol: service discovery (`/.well-known/terraform.json`, or a CLI
// config `host` block), `versions`, and `download`, which answers with the real address of the code
// in `X-Terraform-Get` (a git URL or an archive, possibly relative to the download URL).
import type { CliConfig } from './cli-config.js';
import { FetchError, httpGet, type HttpOptions } from './http.js';
import { newestMatching, parseConstraints } from './version-constraints.js';

export interface RegistryModule {
  host: string;
  namespace: string;
  name: string;
  provider: string;
}

export interface RegistryAnswer {
  version: string;
  /** The go-getter address from X-Terraform-Get, made absolute. */
  address: string;
  /** The origin of the registry's modules API: a token may go there (and nowhere else). */
  apiOrigin: string;
}

type Net = Pick<HttpOptions, 'timeoutMs' | 'checkHost'>;

const API_BYTES = 4 * 1024 * 1024;

async function modulesService(host: string, cli: CliConfig, net: Net): Promise<URL> {
  const override = cli.services.get(host)?.['modules.v1'];
  if (override) return new URL(override.endsWith('/') ? override : override + '/');
  const disco = new URL(`https://${host}/.well-known/terraform.json`);
  const r = await httpGet(disco, { ...net, maxBytes: API_BYTES });
  if (r.status !== 200) throw new FetchError(`service discovery at ${disco} answered ${r.status}`);
  let doc: unknown;
  try {
    doc = JSON.parse(r.body.toString('utf8'));
  } catch {
    throw new FetchError(`service discovery at ${disco} is not JSON`);
  }
  const svc = (doc as Record<string, unknown>)?.['modules.v1'];
  if (typeof svc !== 'string') throw new FetchError(`${host} offers no module registry (no modules.v1 in ${disco})`);
  const u = new URL(svc, r.url);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

export async function resolveRegistry(m: RegistryModule, constraint: string | undefined, cli: CliConfig, net: Net): Promise<RegistryAnswer> {
  const parsed = parseConstraints(constraint ?? '');
  if (!parsed.ok) throw new FetchError(`the version constraint is invalid: ${parsed.reason}`);
  const svc = await modulesService(m.host, cli, net);
  const token = cli.tokens.get(m.host);
  const auth = token ? { origin: svc.origin, token } : undefined;
  const base = new URL(`${encodeURIComponent(m.namespace)}/${encodeURIComponent(m.name)}/${encodeURIComponent(m.provider)}/`, svc);
  const vr = await httpGet(new URL('versions', base), { ...net, auth, maxBytes: API_BYTES });
  if (vr.status === 404) throw new FetchError(`${m.host} has no module ${m.namespace}/${m.name}/${m.provider}`);
  if (vr.status === 401 || vr.status === 403) throw new FetchError(`${m.host} refused access (${vr.status}); set a token in a credentials block or TF_TOKEN_${m.host.replace(/-/g, '__').replace(/\./g, '_')}`);
  if (vr.status !== 200) throw new FetchError(`${m.host} answered ${vr.status} for the version list`);
  let versions: string[] = [];
  try {
    const doc = JSON.parse(vr.body.toString('utf8')) as { modules?: { versions?: { version?: unknown }[] }[] };
    versions = (doc.modules?.[0]?.versions ?? []).map((v) => v.version).filter((v): v is string => typeof v === 'string');
  } catch {
    throw new FetchError(`${m.host} sent a version list that is not JSON`);
  }
  const v = newestMatching(versions, parsed);
  if (!v) throw new FetchError(`no version of ${m.namespace}/${m.name}/${m.provider} matches "${constraint ?? ''}" (available: ${versions.slice(-5).join(', ') || 'none'})`);
  const dr = await httpGet(new URL(`${encodeURIComponent(v.text)}/download`, base), { ...net, auth, maxBytes: API_BYTES });
  const get = dr.headers.get('x-terraform-get');
  if ((dr.status !== 204 && dr.status !== 200) || !get) throw new FetchError(`${m.host} gave no download address for version ${v.text} (status ${dr.status})`);
  // Relative addresses resolve against the download URL; a go-getter forced type (git::) keeps its prefix.
  const forced = /^([a-z0-9]+)::/i.exec(get);
  const rest = forced ? get.slice(forced[0].length) : get;
  const abs = /^[a-z][a-z0-9+.-]*:/i.test(rest) || /^github\.com\//.test(rest) ? rest : new URL(rest, dr.url).toString();
  return { version: v.text, address: (forced ? forced[0] : '') + abs, apiOrigin: svc.origin };
}
