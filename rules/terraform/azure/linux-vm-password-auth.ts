import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { literalFix } from '../_lib/fixes.js';
import { boolAt, headerOf } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AZR-027',
  name: 'azure-linux-vm-password-auth',
  title: 'Linux virtual machines allow SSH keys only, not passwords',
  failTitle: 'Linux virtual machine allows password authentication',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.1', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Password SSH on VMs is a standard authentication finding under CC6.1.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['azurerm_linux_virtual_machine', 'azurerm_linux_virtual_machine_scale_set', 'azurerm_virtual_machine'],
  aliases: ['CKV_AZURE_1', 'CKV_AZURE_149'],
  rationale:
    'A Linux VM that accepts SSH passwords can be brute-forced from anywhere its port is reachable, and the administrator password is usually shared and written into Terraform variables. Key-only SSH (or Entra ID login) removes the guessable credential.',
  controlRationale: {
    'CC6.1': 'Administrative access to servers uses keys or directory identities rather than shared passwords.',
    'CC6.6': 'Remote logins cannot be obtained by guessing a password from outside the network.',
  },
  remediation: 'Set disable_password_authentication = true and add an admin_ssh_key block (azurerm_virtual_machine: os_profile_linux_config { disable_password_authentication = true, ssh_keys { ... } }); remove admin_password.',
  defaults:
    'azurerm_linux_virtual_machine and its scale set default to disable_password_authentication = true; the legacy azurerm_virtual_machine requires os_profile_linux_config.disable_password_authentication and is reported when it is false.',
  *check(m) {
    for (const vm of m.resourcesOf('azurerm_linux_virtual_machine', 'azurerm_linux_virtual_machine_scale_set')) {
      const a = vm.attr('disable_password_authentication');
      const v = boolAt(vm, 'disable_password_authentication', true);
      const bl = vm.block.range.startLine;
      if (typeof v === 'string') yield indeterminate(a?.loc ?? vm.headerLoc, v, bl);
      else if (!v && a) yield fail(a.loc, `Linux VM "${vm.name}" allows SSH password logins (disable_password_authentication = false).`, { blockLine: bl, fixes: literalFix(a, 'Set disable_password_authentication = true', 'true') });
    }
    for (const vm of m.resourcesOf('azurerm_virtual_machine')) {
      const bl = vm.block.range.startLine;
      for (const lc of vm.blocks('os_profile_linux_config')) {
        const a = lc.attr('disable_password_authentication');
        const v = boolAt(lc, 'disable_password_authentication', false);
        if (typeof v === 'string') yield indeterminate(a?.loc ?? headerOf(lc), v, bl);
        else if (!v) yield fail(a?.loc ?? headerOf(lc), `Linux VM "${vm.name}" allows SSH password logins (os_profile_linux_config.disable_password_authentication is not true).`, { blockLine: bl, fixes: a ? literalFix(a, 'Set disable_password_authentication = true', 'true') : undefined });
      }
    }
  },
});
