import { defineRule, fail } from '../../../core/rule.js';
import type { Expr } from '../../../core/hcl/ast.js';
import { loc, TfBody, type AttrRef } from '../../../core/terraform/model.js';
import type { CheckResult, Location } from '../../../core/types.js';
import { findSecretFormat, looksSecret } from '../../_lib/secret-formats.js';

const isLiteral = (e: Expr) => e.t === 'lit' || (e.t === 'tmpl' && e.parts.every((p) => typeof p === 'string'));

export default defineRule({
  id: 'TG-AWS-018',
  name: 'aws-hardcoded-credentials',
  title: 'No hard-coded credentials in instance user data, Lambda or CodeBuild environments, or the AWS provider',
  failTitle: 'Hard-coded credential in instance user data, Lambda or CodeBuild environment, or the AWS provider',
  kind: 'terraform',
  category: 'secrets',
  controls: ['CC6.1', 'CC8.1', 'CC7.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Hard-coded credentials are disclosed to everyone who can read the code.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration', 'aws_lambda_function', 'aws_codebuild_project'],
  aliases: ['CKV_AWS_46', 'CKV_AWS_45', 'CKV_AWS_41', 'AVD-AWS-0029', 'AVD-AWS-0129', 'd7b9d850-3e06-4a75-852f-c46c2e92240b', '1402afd8-a95c-4e84-8b0b-6fb43758e6ce', 'f996f3cb-00fc-480c-8973-8ab04d44a8cc'],
  rationale:
    'Credentials written into code end up in version control, in Terraform state, in the EC2 metadata service and in the Lambda console, where anyone with read access to any of them can use them. They also never rotate.',
  controlRationale: {
    'CC6.1': 'Infrastructure credentials must be managed and stored outside code.',
    'CC8.1': 'A change that commits a credential ships a secret with every copy of the repository.',
    'CC7.2': 'Detecting credentials at review time is part of monitoring for security events.',
  },
  remediation:
    'Remove the value and rotate the credential. Use an instance profile or IAM role instead of access keys; read secrets at run time from Secrets Manager or SSM Parameter Store (CodeBuild: type = "SECRETS_MANAGER" or "PARAMETER_STORE").',
  defaults: 'Only literal values are judged; values from variables, references and functions are not reported (they may still be literal in a tfvars file, which other secret scanners cover).',
  *check(m) {
    const found = function* (where: Location, what: string, kind: string, secret: string, blockLine?: number): Generator<CheckResult> {
      yield fail(where, `${what} contains ${kind} written in the code.`, { blockLine, secret });
    };
    const text = function* (a: AttrRef | undefined, what: string, blockLine: number) {
      if (!a || typeof a.value !== 'string') return;
      const c = findSecretFormat(a.value);
      if (c) yield* found(a.loc, what, c.kind, c.value, blockLine);
    };
    for (const r of m.resourcesOf('aws_instance', 'aws_launch_template', 'aws_launch_configuration')) {
      const bl = r.block.range.startLine;
      yield* text(r.attr('user_data'), `The user data of "${r.name}"`, bl);
      yield* text(r.attr('user_data_base64'), `The user data of "${r.name}"`, bl);
    }
    for (const f of m.resourcesOf('aws_lambda_function')) {
      for (const env of f.blocks('environment')) {
        const vars = env.attr('variables');
        if (!vars || vars.expr.t !== 'object') continue;
        for (const it of vars.expr.items) {
          const name = it.keyName ?? (it.key.t === 'lit' ? String(it.key.value) : undefined);
          if (!name || !isLiteral(it.value)) continue;
          const v = it.value.t === 'lit' ? it.value.value : (it.value as Extract<Expr, { t: 'tmpl' }>).parts.join('');
          if (typeof v !== 'string') continue;
          const where = loc(vars.loc.file, it.value.r);
          const c = looksSecret(name, v);
          if (c) yield* found(where, `Environment variable ${name} of Lambda function "${f.name}"`, c.kind === 'a credential' ? 'a secret value' : c.kind, c.value, f.block.range.startLine);
        }
      }
    }
    for (const p of m.resourcesOf('aws_codebuild_project')) {
      for (const env of p.blocks('environment'))
        for (const ev of env.blocks('environment_variable')) {
          const type = ev.value('type') ?? 'PLAINTEXT';
          if (type !== 'PLAINTEXT') continue;
          const name = ev.value('name');
          const va = ev.attr('value');
          if (!va || typeof va.value !== 'string' || typeof name !== 'string' || !isLiteral(va.expr)) continue;
          const c = looksSecret(name, va.value);
          if (c) yield* found(va.loc, `Plaintext environment variable ${name} of CodeBuild project "${p.name}"`, c.kind === 'a credential' ? 'a secret value' : c.kind, c.value, p.block.range.startLine);
        }
    }
    for (const file of m.files)
      for (const b of file.blocks) {
        if (b.type !== 'provider' || b.labels[0] !== 'aws') continue;
        const body = new TfBody(b, file.path, m, m);
        for (const k of ['access_key', 'secret_key']) {
          const a = body.attr(k);
          if (a && isLiteral(a.expr) && typeof a.value === 'string' && a.value.length >= 16)
            yield* found(a.loc, `The aws provider's ${k}`, 'a credential', a.value, b.range.startLine);
        }
      }
  },
});
