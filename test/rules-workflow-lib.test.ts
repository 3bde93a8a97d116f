// Unit tests for the workflow rule-helper library (rules/workflow/_lib/).
import { describe, expect, it } from 'vitest';
import { cloudKeyName } from '../rules/workflow/_lib/cloud-keys.js';

describe('workflow _lib: cloudKeyName', () => {
  it('names a long-lived cloud key under any spelling, not ids, paths or API keys', () => {
    const cases: [string, string | undefined][] = [
      ['AWS_SECRET_ACCESS_KEY', 'aws'],
      ['AWS_SECRET_KEY', 'aws'],
      ['PROD_SECRET_ACCESS_KEY', 'aws'],
      ['AWS_ACCESS_KEY_ID', undefined],
      ['E2E_AWS_PROVIDER_ACCESS_KEY', undefined],
      ['E2E_AWS_PROVIDER_SECRET_KEY', 'aws'],
      ['GCP_SERVICE_ACCOUNT', undefined],
      ['GCP_SA_KEY', 'gcp'],
      ['GCLOUD_SERVICE_KEY', 'gcp'],
      ['GOOGLE_CREDENTIALS', 'gcp'],
      ['FIREBASE_SERVICE_ACCOUNT_MY_APP', 'gcp'],
      ['serviceAccountKey', 'gcp'],
      ['GCP_PROJECT', undefined],
      ['GOOGLE_API_KEY', undefined],
      ['GCP_SA_EMAIL', undefined],
      ['AZURE_CREDENTIALS', 'azure'],
      ['ARM_CLIENT_SECRET', 'azure'],
      ['AZURE_CLIENT_ID', undefined],
      ['NPM_TOKEN', undefined],
      ['DOCKER_PASSWORD', undefined],
    ];
    for (const [n, want] of cases) expect(cloudKeyName(n), n).toBe(want);
  });
});
