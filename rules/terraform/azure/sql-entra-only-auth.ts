import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { boolAt, headerOf } from '../_lib/attributes.js';

/** Resource type → [Entra admin block, its "Entra only" attribute names (newest first)]. */
const SQL: Record<string, [string, string[]]> = {
  azurerm_mssql_server: ['azuread_administrator', ['azuread_authentication_only']],
  azurerm_mssql_managed_instance: ['azure_active_directory_administrator', ['azuread_authentication_only_enabled', 'azuread_authentication_only']],
};

export default defineRule({
  id: 'TG-AZR-026',
  name: 'azure-sql-entra-only-auth',
  title: 'Azure SQL and PostgreSQL servers accept only Entra ID sign-in, not database passwords',
  failTitle: 'Azure SQL or PostgreSQL server accepts database passwords, not only Entra ID sign-in',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.1', 'CC6.6'],
  severity: 'medium',
  persona: 'pedantic',
  personaRationale: 'Entra-only sign-in is stronger, but database passwords with other controls are not a gap by themselves.',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: ['azurerm_mssql_server', 'azurerm_mssql_managed_instance', 'azurerm_postgresql_flexible_server'],
  rationale:
    'SQL and PostgreSQL logins with a password bypass Entra ID: no conditional access, no MFA, no central revocation when someone leaves, and a shared administrator password that tends to live in scripts. Entra-only authentication makes every database sign-in an Entra ID sign-in.',
  controlRationale: {
    'CC6.1': 'Database access is granted to managed identities and people in the directory, not to shared passwords.',
    'CC6.6': 'Sign-ins from outside the boundary go through Entra ID, where MFA and conditional access apply.',
  },
  remediation:
    'azurerm_mssql_server: azuread_administrator { azuread_authentication_only = true }; azurerm_mssql_managed_instance: azure_active_directory_administrator { azuread_authentication_only_enabled = true }; azurerm_postgresql_flexible_server: authentication { active_directory_auth_enabled = true, password_auth_enabled = false }.',
  defaults:
    'SQL servers without an Entra administrator block, or with azuread_authentication_only omitted (false), accept SQL logins. PostgreSQL flexible servers default to password_auth_enabled = true.',
  *check(m) {
    for (const [type, [blockName, attrs]] of Object.entries(SQL)) {
      for (const s of m.resourcesOf(type)) {
        if (s.hasError) continue;
        const bl = s.block.range.startLine;
        const admin = s.block1(blockName);
        if (!admin) {
          yield fail(s.headerLoc, `SQL server "${s.name}" has no ${blockName} block, so it accepts only SQL logins with passwords.`, { blockLine: bl });
          continue;
        }
        const found = attrs.map((a) => ({ a, v: boolAt(admin, a, false), ref: admin.attr(a) })).find((x) => x.ref) ?? { a: attrs[0], v: boolAt(admin, attrs[0], false), ref: undefined };
        if (typeof found.v === 'string') yield indeterminate(found.ref?.loc ?? headerOf(admin), found.v, bl);
        else if (!found.v) yield fail(found.ref?.loc ?? headerOf(admin), `SQL server "${s.name}" accepts SQL logins with passwords besides Entra ID (${found.a} is not true).`, { blockLine: bl });
      }
    }
    for (const s of m.resourcesOf('azurerm_postgresql_flexible_server')) {
      if (s.hasError) continue;
      const bl = s.block.range.startLine;
      const auth = s.block1('authentication');
      const pw = boolAt(auth, 'password_auth_enabled', true);
      const at = auth?.attr('password_auth_enabled');
      if (typeof pw === 'string') yield indeterminate(at?.loc ?? (auth ? headerOf(auth) : s.headerLoc), pw, bl);
      else if (pw) yield fail(at?.loc ?? (auth ? headerOf(auth) : s.headerLoc), `PostgreSQL flexible server "${s.name}" accepts password logins (password_auth_enabled is true by default).`, { blockLine: bl });
    }
  },
});
