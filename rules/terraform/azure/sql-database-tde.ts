import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AZR-023',
  name: 'azure-sql-database-tde',
  title: 'Azure SQL database keeps transparent data encryption on',
  failTitle: 'Azure SQL database has transparent data encryption off',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'CC6.7', 'PI1.5'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Turning TDE off leaves database data unencrypted at rest.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_mssql_database'],
  aliases: [],
  rationale:
    'Transparent data encryption encrypts database files, logs and backups at rest. Turning it off leaves data readable from copied files, backups and decommissioned storage.',
  controlRationale: {
    'CC6.1': 'Encryption at rest protects the database content from access outside the database engine.',
    'CC6.7': 'It keeps backups and copies protected when they are moved or restored elsewhere.',
    'PI1.5': 'It protects stored data against disclosure from the underlying storage.',
  },
  remediation: 'Remove transparent_data_encryption_enabled or set it to true.',
  defaults: 'transparent_data_encryption_enabled defaults to true; only an explicit false is reported.',
  *check(m) {
    for (const d of m.resourcesOf('azurerm_mssql_database'))
      yield* requireBool(d, 'transparent_data_encryption_enabled', true, {
        dflt: true,
        bad: `SQL database "${d.name}" turns transparent data encryption off, leaving data files and backups unencrypted.`,
        missing: '',
        fix: true,
      });
  },
});
