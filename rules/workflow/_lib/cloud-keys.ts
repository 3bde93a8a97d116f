// Names that say a value is a long-lived cloud key (the static credential that OIDC federation
// replaces), whatever the spelling a project chose: AWS_SECRET_KEY, GCP_SA_KEY, GCLOUD_SERVICE_KEY,
// FIREBASE_SERVICE_ACCOUNT_PROD, AZURE_CREDENTIALS, ARM_CLIENT_SECRET...

export type CloudKey = 'aws' | 'gcp' | 'azure';

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const GCP = new Set(['gcp', 'gcloud', 'google', 'gke', 'gcs', 'gcr', 'firebase', 'bigquery', 'gae']);
const AZURE = new Set(['azure', 'arm', 'az', 'aks', 'acr']);

/** Which cloud's long-lived key a variable, input or secret name denotes, if any. */
export function cloudKeyName(name: string): CloudKey | undefined {
  const w = words(name);
  if (!w.length || ['id', 'ids', 'name', 'file', 'path', 'email', 'project'].includes(w[w.length - 1])) return undefined;
  const has = (x: string) => w.includes(x);
  const j = w.join('_');
  // AWS: the secret half of an access key pair (the key id alone grants nothing).
  if (j.includes('secret_access_key') || (has('aws') && (has('secret') || has('credentials') || has('creds')))) return 'aws';
  // GCP: a service-account key (JSON), not an API key.
  const gcp = w.some((x) => GCP.has(x));
  const sa = j.includes('service_account') || j.includes('serviceaccount') || has('sa');
  const keyish = has('key') || has('json') || has('credentials') || has('creds') || has('keyfile');
  // A bare *_SERVICE_ACCOUNT usually holds the account's e-mail; Firebase's convention holds the key JSON.
  if (!has('api') && ((gcp && (keyish || (sa && has('firebase')))) || (sa && (has('key') || has('json'))))) return 'gcp';
  // Azure: a service principal's client secret or the credentials JSON of azure/login.
  if (w.some((x) => AZURE.has(x)) && (j.includes('client_secret') || has('credentials') || has('creds') || (has('sp') && (has('password') || has('secret'))))) return 'azure';
  return undefined;
}
