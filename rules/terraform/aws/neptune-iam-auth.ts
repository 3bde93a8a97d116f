import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-066',
  name: 'aws-neptune-iam-auth',
  title: 'Neptune clusters require IAM authentication',
  failTitle: 'Neptune cluster does not require IAM authentication',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Without IAM authentication a Neptune cluster authenticates nobody: any client that reaches it can query it, a CC6.1 access finding.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_neptune_cluster'],
  rationale:
    'Neptune has no database users or passwords: IAM database authentication is its only way to tell who is calling. With it off, every client that can reach the endpoint on the network reads and writes the whole graph, and nothing records which identity did.',
  controlRationale: {
    'CC6.1': 'Access to the graph database requires an authenticated identity.',
    'CC6.2': 'Database access is granted and revoked through IAM policies tied to identities.',
  },
  remediation: 'Set iam_database_authentication_enabled = true and grant neptune-db:* actions to the roles that need them.',
  defaults: 'iam_database_authentication_enabled defaults to false.',
  *check(m) {
    for (const c of m.resourcesOf('aws_neptune_cluster'))
      yield* requireBool(c, 'iam_database_authentication_enabled', true, {
        dflt: false,
        bad: `Neptune cluster "${c.name}" accepts unauthenticated connections (iam_database_authentication_enabled = false).`,
        missing: `Neptune cluster "${c.name}" accepts unauthenticated connections (iam_database_authentication_enabled is not set).`,
        fix: true,
      });
  },
});
