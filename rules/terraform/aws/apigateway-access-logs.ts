import { defineRule, fail, indeterminate } from '../../../core/rule.js';

export default defineRule({
  id: 'TG-AWS-043',
  name: 'aws-apigateway-access-logs',
  title: 'API Gateway stages write access logs',
  failTitle: 'API Gateway stage writes no access logs',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'A1.2', 'PI1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'API access logs are the request audit trail.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_api_gateway_stage', 'aws_apigatewayv2_stage'],
  aliases: ['CKV_AWS_76', 'CKV_AWS_95', 'AVD-AWS-0001', '9111f9a5-6b80-40f9-bc82-c05f970779c3'],
  rationale: 'Access logs record who called which API route and with what result; without them, abuse of a public API and the scope of an incident cannot be established.',
  controlRationale: {
    'CC7.2': 'Calls to the API are recorded so anomalies can be detected.',
    'A1.2': 'Request logs support diagnosing availability incidents.',
    'PI1.2': 'Inputs received by the system are recorded.',
  },
  remediation: 'Add access_log_settings { destination_arn = aws_cloudwatch_log_group.<name>.arn, format = jsonencode({...}) } to the stage.',
  defaults: 'Stages have no access logging unless access_log_settings is set.',
  *check(m) {
    for (const s of m.resourcesOf('aws_api_gateway_stage', 'aws_apigatewayv2_stage')) {
      const al = s.block1('access_log_settings');
      if (al) {
        if (al.maybe) yield indeterminate(al.headerLoc, 'dynamic access_log_settings may not exist (for_each unknown)', s.block.range.startLine);
        continue;
      }
      if (!s.hasError) yield fail(s.headerLoc, `API Gateway stage "${s.name}" has no access_log_settings, so API calls are not logged.`);
    }
  },
});
