import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AZR-004',
  name: 'azure-storage-container-private',
  title: 'Storage container is private',
  failTitle: 'Storage container is public',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A public container exposes data to everyone.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_storage_container'],
  aliases: ['CKV_AZURE_34', 'AVD-AZU-0007', 'dd5230f8-a577-4bbb-b7ac-f2c2fe7d5299'],
  rationale:
    'A container with access type "blob" or "container" serves its blobs (and, for "container", its listing) to anonymous callers, so anything written there is public.',
  controlRationale: {
    'CC6.1': 'A private container requires an authorised identity or token for every read.',
    'CC6.6': 'It keeps the container off the unauthenticated internet.',
    'C1.1': 'It prevents confidential files from being published by placing them in the wrong container.',
  },
  remediation: 'Set container_access_type = "private" (the default) and share individual files with short-lived SAS tokens or a CDN.',
  defaults: 'container_access_type defaults to "private".',
  *check(m) {
    for (const c of m.resourcesOf('azurerm_storage_container')) {
      const a = c.attr('container_access_type');
      if (!a || a.value === null) continue;
      const v = asString(a.value);
      if (isUnknown(v)) {
        yield indeterminate(a.loc, `container_access_type: ${v.reason}`, c.block.range.startLine);
        continue;
      }
      if (v === 'blob' || v === 'container')
        yield fail(a.loc, `Storage container "${c.name}" allows anonymous read access (container_access_type = "${v}").`, {
          blockLine: c.block.range.startLine,
          fixes: literalFix(a, 'Set container_access_type = "private"', '"private"'),
        });
    }
  },
});
