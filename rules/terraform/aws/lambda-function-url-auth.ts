import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AWS-069',
  name: 'aws-lambda-function-url-auth',
  title: 'Lambda function URLs require IAM authentication',
  failTitle: 'Lambda function URL lets anyone invoke the function',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'An unauthenticated internet endpoint into a function is an access finding unless it is a deliberate public webhook (then suppress with the reason).',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_lambda_function_url'],
  aliases: ['CKV_AWS_258'],
  rationale:
    'A function URL with authorization_type = "NONE" is a public HTTPS endpoint: anyone who finds the URL runs the function with its role\'s permissions, and the function\'s own code is the only check on who the caller is.',
  controlRationale: {
    'CC6.6': 'Endpoints reachable from the internet authenticate their callers.',
    'CC6.1': 'Invoking code that holds cloud permissions requires an authorised identity.',
  },
  remediation:
    'Set authorization_type = "AWS_IAM" and grant lambda:InvokeFunctionUrl to the callers, or put the function behind API Gateway or CloudFront with an authorizer. For a public webhook that verifies signatures in code, suppress the finding with that reason.',
  defaults: 'authorization_type is required; only "NONE" is reported.',
  *check(m) {
    for (const u of m.resourcesOf('aws_lambda_function_url')) {
      const a = u.attr('authorization_type');
      if (!a) continue;
      const blockLine = u.block.range.startLine;
      const v = asString(a.value);
      if (isUnknown(v)) yield indeterminate(a.loc, `authorization_type: ${v.reason}`, blockLine);
      else if (v === 'NONE')
        yield fail(a.loc, `Lambda function URL "${u.name}" lets anyone on the internet invoke the function (authorization_type = "NONE").`, {
          blockLine,
          fixes: literalFix(a, 'Set authorization_type = "AWS_IAM"', '"AWS_IAM"'),
        });
    }
  },
});
