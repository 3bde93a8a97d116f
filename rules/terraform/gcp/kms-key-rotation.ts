import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-GCP-015',
  name: 'gcp-kms-key-rotation',
  title: 'Cloud KMS key rotates at least every 90 days',
  failTitle: 'Cloud KMS key rotates less often than every 90 days',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.5', 'C1.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Key rotation is a key-management control auditors test under CC6.1.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_kms_crypto_key'],
  aliases: ['CKV_GCP_43', 'AVD-GCP-0065', 'd8c57c4e-bf6f-4e32-a2bf-8643532de77b', '352271ca-842f-408a-8b24-f6f2b76eb027'],
  options: {
    maxDays: { type: 'integer', minimum: 1, default: 90, description: 'Longest rotation period allowed, in days.' },
  },
  rationale:
    'Regular rotation limits how much data is protected by a single key version and how long a compromised version stays useful; without a rotation period a key version lives forever.',
  controlRationale: {
    'CC6.1': 'Rotating keys is part of managing the encryption keys that protect information assets.',
    'PI1.5': 'It limits the exposure of stored data to any one key version.',
    'C1.1': 'It reduces the impact of a key compromise on confidential data.',
  },
  remediation: 'Set rotation_period = "7776000s" (90 days) or shorter on the crypto key.',
  defaults: 'Symmetric keys (purpose ENCRYPT_DECRYPT, the default) do not rotate unless rotation_period is set. Asymmetric and MAC keys cannot rotate automatically and are skipped.',
  *check(m, ctx) {
    const maxSec = ctx.options.maxDays * 24 * 3600;
    for (const k of m.resourcesOf('google_kms_crypto_key')) {
      const bl = k.block.range.startLine;
      const purpose = asString(k.value('purpose') ?? 'ENCRYPT_DECRYPT');
      if (typeof purpose === 'string' && purpose !== 'ENCRYPT_DECRYPT') continue;
      const a = k.attr('rotation_period');
      if (!a || a.value === null) {
        if (isUnknown(purpose)) {
          yield indeterminate(k.attr('purpose')!.loc, `purpose: ${purpose.reason}`, bl);
          continue;
        }
        if (k.hasError) continue;
        yield fail(k.headerLoc, `KMS key "${k.name}" has no rotation_period, so its key version is never rotated.`, { blockLine: bl });
        continue;
      }
      const v = asString(a.value);
      if (isUnknown(v)) {
        yield indeterminate(a.loc, `rotation_period: ${v.reason}`, bl);
        continue;
      }
      const mm = v ? /^(\d+(?:\.\d+)?)s$/.exec(v.trim()) : null;
      if (!mm) continue;
      const sec = Number(mm[1]);
      if (sec > maxSec)
        yield fail(a.loc, `KMS key "${k.name}" rotates every ${Math.round(sec / 86400)} days, longer than ${Math.round(maxSec / 86400)}.`, { blockLine: bl });
    }
  },
});
