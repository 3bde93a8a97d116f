// The shared credential recogniser (rules/_lib/secret-formats.ts): known token formats match, their
// look-alikes do not; names that describe a secret are told from names that hold one.
import { describe, expect, it } from 'vitest';
import { findSecretFormat, looksSecret, placeholderValue, secretName } from '../rules/_lib/secret-formats.js';

const kind = (s: string) => findSecretFormat(s)?.kind;
const a36 = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

describe('findSecretFormat', () => {
  it('recognises well-known formats anywhere in text', () => {
    expect(kind(`token: ghp_${a36}`)).toBe('a GitHub token');
    expect(kind(`github_pat_${'A'.repeat(22)}_${'b'.repeat(59)}`)).toBe('a GitHub fine-grained personal access token');
    expect(kind('xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp')).toBe('a Slack token');
    expect(kind('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('a Stripe live key');
    expect(kind('AKIAIOSFODNN7EXAMPLE')).toBe('an AWS access key id');
    expect(kind('-----BEGIN OPENSSH PRIVATE KEY-----\nabc')).toBe('a private key');
    expect(kind('{"type": "service_account", "project_id": "p", "private_key": "-----BEGIN PRIVATE KEY-----\\n"}')).toBe('a GCP service-account key');
    expect(kind('postgres://app:S3cretPw@db.internal:5432/app')).toBe('a URL with an embedded password');
    expect(kind(Buffer.from(`export GH=ghp_${a36}\n`).toString('base64'))).toBe('a GitHub token');
  });

  it('tells look-alikes apart', () => {
    expect(kind(`ghp_${a36.slice(0, 20)}`)).toBeUndefined(); // too short
    expect(kind('sk_test_4eC39HqLyjWDarjtT1zdp7dc')).toBeUndefined(); // a Stripe test key
    expect(kind('AKIAIOSFODNN7EXAMPL')).toBeUndefined(); // 19 characters
    expect(kind('postgres://app:${DB_PASSWORD}@db:5432/app')).toBeUndefined(); // a reference
    expect(kind('-----BEGIN PUBLIC KEY-----')).toBeUndefined();
    expect(kind('arn:aws:secretsmanager:eu-west-1:111122223333:secret:github-token')).toBeUndefined();
  });
});

describe('names and values', () => {
  it('secretName: names holding a credential, not names describing one', () => {
    for (const n of ['password', 'db_password', 'administrator_login_password', 'apiKey', 'CLIENT_SECRET', 'auth_token', 'private_key', 'secret_string'])
      expect(secretName(n), n).toBe(true);
    for (const n of ['password_length', 'secret_name', 'token_ttl', 'api_key_id', 'secret_arn', 'password_reuse_prevention', 'access_key_status', 'region', 'GH_AW_TOKEN_USAGE_SUMMARY_TITLE', 'token_description'])
      expect(secretName(n), n).toBe(false);
  });

  it('placeholderValue: references, stores, TTLs and placeholders are not credentials', () => {
    for (const v of ['${var.x}', '$(DB_PASS)', '{{ .Values.pw }}', 'changeme', '<password>', 'prod/db/password', 'projects/p/secrets/s', '@Microsoft.KeyVault(SecretUri=x)', '30d', '1h', 'true', '12345'])
      expect(placeholderValue(v), v).toBe(true);
    expect(placeholderValue('Sup3r-s3cret-pw!')).toBe(false);
  });

  it('looksSecret: a plain word is a secret only under a password name', () => {
    expect(looksSecret('kube_secret', 'tailscale')).toBeUndefined();
    expect(looksSecret('api_key_secret_key', 'feeds-api-key')).toBeUndefined();
    expect(looksSecret('db_password', 'correct-horse-battery-staple')?.kind).toBe('a credential');
    expect(looksSecret('api_token', 'a1b2c3d4e5f6a7b8c9d0')?.kind).toBe('a credential');
    expect(looksSecret('HF_TOKEN', 'HF_TOKEN')).toBeUndefined();
    expect(looksSecret('anything', `ghp_${a36}`)?.kind).toBe('a GitHub token');
  });
});
