import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, isObject, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AZR-022',
  name: 'azure-managed-disk-encryption',
  title: 'Managed disk is encrypted with a customer-managed key or Azure Disk Encryption',
  failTitle: 'Managed disk is not encrypted with a customer-managed key or Azure Disk Encryption',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'CC6.7', 'PI1.5'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Managed disks are encrypted by the platform already; a customer-managed key is a stronger optional control.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_managed_disk'],
  aliases: ['CKV_AZURE_2', 'CKV_AZURE_93', 'AVD-AZU-0038', 'a99130ab-4c0e-43aa-97f8-78d4fcb30024'],
  rationale:
    'Azure always encrypts managed disks with platform keys, but with those keys the organisation cannot revoke access to the data or prove who controls the key. A disk encryption set (customer-managed key) or Azure Disk Encryption puts the key under the organisation\'s own access control and audit.',
  controlRationale: {
    'CC6.1': 'A customer-managed key lets the organisation restrict and revoke access to the encrypted disk data.',
    'CC6.7': 'It keeps disk contents protected when snapshots or exported VHDs move between locations.',
    'PI1.5': 'It protects stored data with keys whose lifecycle the organisation manages.',
  },
  remediation: 'Set disk_encryption_set_id (or secure_vm_disk_encryption_set_id) to a disk encryption set backed by a Key Vault key, or configure encryption_settings with Azure Disk Encryption.',
  defaults:
    'Without disk_encryption_set_id, secure_vm_disk_encryption_set_id or an enabled encryption_settings block the disk uses platform-managed keys only and is reported (low severity: a policy-driven requirement).',
  *check(m) {
    for (const d of m.resourcesOf('azurerm_managed_disk')) {
      const bl = d.block.range.startLine;
      if (d.attr('disk_encryption_set_id') || d.attr('secure_vm_disk_encryption_set_id')) continue;
      const es = d.blocks('encryption_settings');
      if (es.length) {
        const e = es[0].attr('enabled');
        const b = e ? asBool(e.value) : true;
        if (isUnknown(b)) yield indeterminate(e!.loc, `encryption_settings.enabled: ${b.reason}`, bl);
        else if (b === false) yield fail(e!.loc, `Managed disk "${d.name}" turns Azure Disk Encryption off and has no customer-managed key.`, { blockLine: bl });
        else if (es[0].maybe) yield indeterminate(es[0].headerLoc, 'dynamic encryption_settings block may not exist (for_each unknown)', bl);
        continue;
      }
      // The attribute form (`encryption_settings = [{ enabled = true, ... }]`, or an object as JSON writes it).
      const ea = d.attr('encryption_settings');
      if (ea) {
        const v = ea.value;
        if (isUnknown(v)) {
          yield indeterminate(ea.loc, `encryption_settings: ${v.reason}`, bl);
          continue;
        }
        const first = Array.isArray(v) ? v[0] : v;
        if (isObject(first)) {
          const b = first.enabled === undefined || first.enabled === null ? true : asBool(first.enabled);
          if (isUnknown(b)) yield indeterminate(ea.loc, `encryption_settings.enabled: ${b.reason}`, bl);
          else if (b === false) yield fail(ea.loc, `Managed disk "${d.name}" turns Azure Disk Encryption off and has no customer-managed key.`, { blockLine: bl });
          continue;
        }
      }
      if (d.hasError) continue;
      yield fail(d.headerLoc, `Managed disk "${d.name}" uses platform-managed keys only: no disk encryption set or Azure Disk Encryption.`, { blockLine: bl });
    }
  },
});
