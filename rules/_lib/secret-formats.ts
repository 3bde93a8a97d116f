// Recognising credentials in text, shared by the Terraform, Kubernetes and workflow secret rules:
// well-known token formats (with their look-alikes told apart by prefix, length and alphabet),
// names that say a value is a credential, and values that are certainly not one (references,
// placeholders, paths and ARNs of secret stores, TTLs). A caller reports a finding with the value in
// `secret` (masked by every reporter) and `kind` in the message; never the value itself.

export interface SecretMatch {
  /** What was recognised, for messages: "a GitHub personal access token". */
  kind: string;
  /** The credential text itself (for `secret:` masking only). */
  value: string;
}

/**
 * Token formats that are credentials whatever their name. Each pattern pins the documented prefix and
 * length, so a shorter `ghp_` or a Stripe *test* key does not match. Order: most specific first.
 */
const FORMATS: readonly [RegExp, string][] = [
  [/"type"\s*:\s*"service_account"[\s\S]{0,4000}?"private_key"\s*:\s*"-----BEGIN/, 'a GCP service-account key'],
  [/-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/, 'a private key'],
  [/(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/, 'a GitHub fine-grained personal access token'],
  [/(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/, 'a GitHub token'],
  [/(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/, 'a GitLab personal access token'],
  [/(?<![A-Za-z0-9-])xox[abposr]-(?:\d+-){1,3}[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/, 'a Slack webhook URL'],
  [/(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,}(?![A-Za-z0-9_])/, 'a Stripe live key'],
  [/(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/, 'a Google API key'],
  [/(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/, 'an npm access token'],
  [/(?<![A-Za-z0-9_])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, 'a SendGrid API key'],
  [/AccountKey=[A-Za-z0-9+/]{86}==/, 'an Azure storage account key'],
  [/(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/, 'an AWS access key id'],
];

/** `aws_secret_access_key = <40 base64 chars>`: the secret half of an AWS key pair, named as such. */
const AWS_SECRET_ASSIGN = /aws_secret_access_key["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i;

/** A URL with a password in its user-info: scheme://user:password@host (not a ${} / $() reference). */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@$<{]{1,64}:([^\s@/$<{*]{3,128})@[^\s]/;

const MIN_FORMAT_LENGTH = 10;

/** Find a well-known credential format in text; also looks inside a base64-encoded blob (user data). */
export function findSecretFormat(text: string): SecretMatch | undefined {
  // Every format above is longer than this (the shortest, a URL with a password, needs about 12
  // characters); most literals in code ("t3.micro", "us-east-1") are shorter, and this is called for each.
  if (text.length < MIN_FORMAT_LENGTH) return undefined;
  return formatIn(text) ?? encodedFormat(text);
}

/** A base64 blob that decodes to text (user data): the format inside it. */
function encodedFormat(text: string): SecretMatch | undefined {
  const t = text.trim();
  if (t.length < 24 || t.length > 1_000_000 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/=\s]+$/.test(t)) return undefined;
  const decoded = Buffer.from(t, 'base64').toString('utf8');
  // Only text-like decodings: random base64 decodes to binary noise.
  return /^[\x09\x0a\x0d\x20-\x7e]*$/.test(decoded) ? formatIn(decoded) : undefined;
}

/** The first well-known format in `c` (AWS secret assignment, FORMATS in order, URL password). */
function formatIn(c: string): SecretMatch | undefined {
  const s = AWS_SECRET_ASSIGN.exec(c);
  if (s) return { kind: 'an AWS secret access key', value: s[1] };
  for (let i = 0; i < FORMATS.length; i++) {
    const m = FORMATS[i][0].exec(c);
    if (m) return { kind: FORMATS[i][1], value: m[0] };
  }
  const u = URL_PASSWORD.exec(c);
  if (u && !placeholderValue(u[1])) return { kind: 'a URL with an embedded password', value: u[1] };
  return undefined;
}

/** Words in a variable/key/argument name that say it carries a credential. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'accesskey', 'secretkey', 'authkey', 'signingkey', 'encryptionkey', 'masterkey', 'connectionstring', 'dsn']);
/** A name ending in one of these describes the credential (where it is, how long it lives), not the credential. */
const DESCRIPTIVE_TAIL = new Set(['file', 'path', 'dir', 'directory', 'name', 'names', 'ref', 'url', 'uri', 'endpoint', 'enabled', 'enable', 'disabled', 'required', 'ttl', 'expiry', 'expiration', 'expires', 'timeout', 'length', 'header', 'type', 'id', 'ids', 'arn', 'mount', 'location', 'format', 'policy', 'size', 'lifetime', 'duration', 'field', 'namespace', 'version', 'keyname', 'env', 'var', 'prefix', 'source', 'provider', 'issuer', 'audience', 'scope', 'scopes', 'mode', 'method', 'algorithm', 'store', 'secretname', 'configmap', 'count', 'interval', 'period', 'rotation', 'user', 'username', 'login', 'hash', 'mtime', 'time', 'date', 'timestamp', 'updated', 'created', 'prevention', 'reuse', 'status', 'state', 'level', 'kind', 'class', 'strength', 'complexity', 'policies', 'generator', 'rotated', 'rotate', 'age', 'days', 'validity', 'units', 'sha', 'sha256', 'md5', 'fingerprint', 'config', 'configuration', 'settings', 'rules', 'rule', 'reset', 'auth', 'authentication', 'bits', 'parameter', 'parameters', 'vault', 'kv', 'label', 'labels', 'tags', 'title', 'description', 'message', 'summary']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Does a variable, key or argument name say it holds a credential (`db_password`, `apiKey`, `CLIENT_SECRET`)? */
export function secretName(name: string): boolean {
  let r = SECRET_NAME_MEMO.get(name);
  if (r === undefined) {
    if (SECRET_NAME_MEMO.size > 10_000) SECRET_NAME_MEMO.clear();
    SECRET_NAME_MEMO.set(name, (r = isSecretName(name)));
  }
  return r;
}
/** Names repeat across a scan (password, tags, name...): their verdict is remembered. */
const SECRET_NAME_MEMO = new Map<string, boolean>();

function isSecretName(name: string): boolean {
  const w = words(name);
  if (!w.length || DESCRIPTIVE_TAIL.has(w[w.length - 1])) return false;
  for (let i = 0; i < w.length; i++) if (SECRET_WORDS.has(w[i])) return true;
  // Two words joined: "api_key", "private-key".
  for (let i = 0; i + 1 < w.length; i++) if (SECRET_WORDS.has(w[i] + w[i + 1])) return true;
  return false;
}

/**
 * Not a credential: empty or short; a reference or template ($(VAR), ${VAR}, {{ }}, %VAR%, <...>);
 * a path, ARN or secret-store reference (arn:..., projects/p/secrets/s, prod/db/password,
 * @Microsoft.KeyVault(...), {{resolve:ssm:...}}, vault:secret/...); a boolean, number or TTL (1h, 30d);
 * an obvious placeholder (changeme, xxxxx, <password>, REPLACE_ME...).
 */
export function placeholderValue(v: string): boolean {
  const s = v.trim();
  if (s.length < 4) return true;
  if (/\$\(|\$\{|\{\{|^<.*>$|^%.*%$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return true;
  if (/^(true|false|yes|no|on|off|null|none|nil|-?\d+(\.\d+)?)$/i.test(s)) return true;
  if (/^\d+(\.\d+)?\s*(ms|s|sec|secs|seconds|m|min|mins|minutes|h|hr|hrs|hours|d|days|w|weeks)$/i.test(s)) return true;
  if (/^(\.{0,2}\/|~\/)[^\s]*$/.test(s)) return true;
  if (/^(arn:|projects\/[^/\s]+\/secrets\/|alias\/|ssm:|secretsmanager:|resolve:|@Microsoft\.KeyVault\(|vault:|sm:\/\/|gcp:\/\/|aws:\/\/|azure:\/\/|op:\/\/)/i.test(s)) return true;
  // A secret's name in a store ("prod/db/password", "myapp/api-key"): path segments of name characters.
  if (/^[a-z0-9_.-]+(\/[a-z0-9_.-]+)+$/i.test(s)) return true;
  if (/^(x+|\*+|\.+|-+|#+|_+|0+|redacted|masked|hidden|secret|password|passwd|token|changeme|change[-_ ]?me|change[-_ ]?it|replace[-_ ]?me|to[-_ ]?be[-_ ]?replaced|todo|tbd|fixme|example|sample|dummy|test|testing|default|placeholder|your[-_ ].*|<.*|set[-_ ]?me|not[-_ ]?set|unset|empty|n\/a)$/i.test(s)) return true;
  if (/^(secret|password|token|key)[-_ ]?(here|placeholder|value)$/i.test(s)) return true;
  return false;
}

/** `HF_TOKEN: HF_TOKEN`, `GOOGLE_API_KEY_VAL`: an upper-case identifier meant to be substituted by a script. */
export function substitutionMarker(name: string, value: string): boolean {
  const v = value.trim();
  return v.toLowerCase() === name.toLowerCase() || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v);
}

/** Words that say "password" outright: under such a name even a plain word is a password. */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass']);

/**
 * A value that reads like a name or identifier (lower-case words joined by "-", "_" or "."), e.g.
 * `kube_secret = "tailscale"`, `api_key_secret = "feeds-api-key"`: the name of a secret, not one.
 * Under a name that says "password" outright it still counts.
 */
function identifierLike(name: string, value: string): boolean {
  return /^[a-z]+([-_.][a-z]+)*$/.test(value.trim()) && !words(name).some((w) => PASSWORD_WORDS.has(w));
}

/**
 * Is this name = value pair a credential written in clear? A well-known format is one whatever the
 * name; otherwise the name must say so and the value must be a single-line literal that is not a
 * reference, placeholder or substitution marker. Returns what it looks like, or undefined.
 */
export function looksSecret(name: string, value: string): SecretMatch | undefined {
  const f = findSecretFormat(value);
  if (f) return f;
  if (!value.includes('\n') && secretName(name) && !placeholderValue(value) && !substitutionMarker(name, value) && !identifierLike(name, value))
    return { kind: 'a credential', value };
  return undefined;
}
