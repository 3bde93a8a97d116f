import { defineRule, indeterminate } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

const KIND: Record<string, string> = {
  aws_db_instance: 'RDS instance',
  aws_rds_cluster_instance: 'RDS cluster instance',
  aws_redshift_cluster: 'Redshift cluster',
  aws_dms_replication_instance: 'DMS replication instance',
};

export default defineRule({
  id: 'TG-AWS-031',
  name: 'aws-db-not-publicly-accessible',
  title: 'Databases are not publicly accessible',
  failTitle: 'Database is publicly accessible',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A publicly accessible database is a direct exposure of data.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: Object.keys(KIND),
  aliases: ['CKV_AWS_17', 'CKV_AWS_87', 'CKV_AWS_89', 'AVD-AWS-0180', '35113e6f-2c6b-414d-beec-7a9482d3b2d1', 'af173fde-95ea-4584-b904-bb3923ac4bda'],
  rationale: 'publicly_accessible gives the database a public DNS name and address, so the database listener, not the application, becomes the internet-facing surface.',
  controlRationale: {
    'CC6.6': 'Data stores are not reachable from outside the boundary.',
    'CC6.1': 'Access to data goes through the applications and networks designed for it.',
  },
  remediation: 'Set publicly_accessible = false and reach the database through private subnets, a VPN or a bastion.',
  defaults: 'publicly_accessible defaults to false for RDS and DMS. For Redshift the default changed from true to false in AWS provider v6, so an omitted value is indeterminate.',
  *check(m) {
    for (const r of m.resourcesOf(...Object.keys(KIND))) {
      if (r.resourceType === 'aws_redshift_cluster' && !r.attr('publicly_accessible') && !r.hasError) {
        yield indeterminate(r.headerLoc, 'publicly_accessible is omitted; its default depends on the AWS provider version (true before v6)');
        continue;
      }
      yield* requireBool(r, 'publicly_accessible', false, { dflt: false, bad: `${KIND[r.resourceType]} "${r.name}" is publicly accessible.`, missing: '', fix: true });
    }
  },
});
