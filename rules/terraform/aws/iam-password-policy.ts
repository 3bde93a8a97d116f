import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { CheckResult } from '../../../core/types.js';
import type { TfResource } from '../../../core/terraform/model.js';
import { asNumber, isUnknown } from '../../../core/terraform/values.js';
import { boolAt } from '../_lib/attributes.js';

const CLASSES = [
  ['require_lowercase_characters', 'lower-case letters'],
  ['require_uppercase_characters', 'upper-case letters'],
  ['require_numbers', 'numbers'],
  ['require_symbols', 'symbols'],
] as const;

export default defineRule({
  id: 'TG-AWS-056',
  name: 'aws-iam-password-policy',
  title: 'The account password policy meets the CIS AWS benchmark (length, character classes, reuse, age)',
  failTitle: 'Account password policy is weaker than the CIS AWS benchmark',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.1', 'CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'The password policy is a standard CC6.1 authentication control auditors test.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_iam_account_password_policy'],
  aliases: ['CKV_AWS_9', 'CKV_AWS_10', 'CKV_AWS_13', 'AVD-AWS-0063'],
  options: {
    minLength: { type: 'integer', default: 14, minimum: 0, maximum: 128, description: 'Smallest minimum_password_length accepted (0 turns the check off).' },
    reusePrevention: { type: 'integer', default: 24, minimum: 0, maximum: 24, description: 'Smallest password_reuse_prevention accepted (0 turns the check off).' },
    maxAgeDays: { type: 'integer', default: 90, minimum: 0, maximum: 1095, description: 'Largest max_password_age accepted in days (0 turns the check off, e.g. under NIST 800-63B guidance).' },
  },
  rationale:
    'Console passwords of IAM users are the first factor of every human sign-in. Short passwords without character variety are guessed, reused ones come back from old breaches, and passwords that never expire stay valid after they leak.',
  controlRationale: {
    'CC6.1': 'Password strength and reuse rules are part of managing the credentials that authenticate people.',
    'CC6.6': 'Sign-in from outside the boundary rests on passwords that resist guessing and reuse.',
  },
  remediation:
    'In aws_iam_account_password_policy set minimum_password_length = 14 or more, require_lowercase_characters, require_uppercase_characters, require_numbers and require_symbols = true, password_reuse_prevention = 24 and max_password_age = 90 or less. The thresholds are options (minLength, reusePrevention, maxAgeDays; 0 turns a check off).',
  defaults:
    'AWS defaults when an attribute is omitted: minimum length 8 (6 in older accounts), no character classes, no reuse prevention, no expiry. Only an aws_iam_account_password_policy in the scanned code is judged; an account without one in code is not reported.',
  *check(m, ctx) {
    const { minLength, reusePrevention: reuse, maxAgeDays: maxAge } = ctx.options;
    for (const p of m.resourcesOf('aws_iam_account_password_policy')) {
      if (p.hasError) continue;
      const bl = p.block.range.startLine;
      const what = `Account password policy "${p.name}"`;
      // A number attribute that must be >= (or <=, for age) a threshold; omitted means "no limit".
      const bound = function* (r: TfResource, attr: string, limit: number, dir: 'min' | 'max', too: string, missing: string): Generator<CheckResult> {
        if (limit <= 0) return;
        const a = r.attr(attr);
        if (!a) {
          yield fail(r.headerLoc, `${what} ${missing}.`, { blockLine: bl });
          return;
        }
        const n = asNumber(a.value);
        if (isUnknown(n)) yield indeterminate(a.loc, `${attr}: ${n.reason}`, bl);
        else if (n !== undefined && (dir === 'min' ? n < limit : n > limit || n <= 0)) yield fail(a.loc, `${what} ${too} (${n}; the benchmark asks for ${dir === 'min' ? 'at least' : 'at most'} ${limit}).`, { blockLine: bl });
      };
      yield* bound(p, 'minimum_password_length', minLength, 'min', 'allows short passwords', `does not set minimum_password_length, so passwords of 8 characters are accepted`);
      for (const [attr, label] of CLASSES) {
        const b = boolAt(p, attr, false);
        const a = p.attr(attr);
        if (typeof b === 'string') yield indeterminate(a?.loc ?? p.headerLoc, b, bl);
        else if (!b) yield fail(a?.loc ?? p.headerLoc, `${what} does not require ${label}.`, { blockLine: bl });
      }
      yield* bound(p, 'password_reuse_prevention', reuse, 'min', 'remembers too few previous passwords', 'does not prevent password reuse');
      yield* bound(p, 'max_password_age', maxAge, 'max', 'lets passwords live too long', 'does not expire passwords');
    }
  },
});
