import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { iamMembers } from '../_lib/iam.js';

const TYPES = [
  'google_project_iam_member',
  'google_project_iam_binding',
  'google_folder_iam_member',
  'google_folder_iam_binding',
  'google_organization_iam_member',
  'google_organization_iam_binding',
];
const BASIC = new Set(['roles/owner', 'roles/editor']);

export default defineRule({
  id: 'TG-GCP-017',
  name: 'gcp-iam-no-basic-owner-editor',
  title: 'Project, folder and organization IAM does not grant Owner or Editor',
  failTitle: 'Project, folder or organization IAM grants Owner or Editor',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1', 'CC1.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Basic Owner and Editor roles are excessive access.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: TYPES,
  aliases: ['CKV_GCP_117', 'AVD-GCP-0007'],
  rationale:
    'The basic Owner and Editor roles grant write access to nearly every service in the resource (Owner also manages IAM), far beyond what any one person or workload needs; a compromised holder can read, change or delete almost everything.',
  controlRationale: {
    'CC6.3': 'Predefined or custom roles implement least privilege where basic roles cannot.',
    'CC6.1': 'Narrow roles restrict logical access to the services each identity actually uses.',
    'CC1.3': 'Avoiding all-powerful roles supports separation of duties in the authority structure.',
  },
  remediation:
    'Replace roles/owner and roles/editor with predefined roles for the services needed (for example roles/compute.admin, roles/storage.objectAdmin), or a custom role; keep break-glass Owner access outside Terraform-managed bindings.',
  defaults: 'Reported for any member type (user, group, service account, domain) on project, folder or organization IAM member and binding resources.',
  *check(m) {
    for (const r of m.resourcesOf(...TYPES)) {
      const bl = r.block.range.startLine;
      const ra = r.attr('role');
      if (!ra) continue;
      const role = asString(ra.value);
      if (isUnknown(role)) {
        yield indeterminate(ra.loc, `role: ${role.reason}`, bl);
        continue;
      }
      if (!role || !BASIC.has(role)) continue;
      const { members } = iamMembers(r);
      // An authoritative binding with no members removes everyone from the role.
      if (!isUnknown(members) && !members.length && r.attr('members')) continue;
      const who = isUnknown(members) || !members.length ? '' : ` to ${members.slice(0, 2).join(', ')}${members.length > 2 ? ', ...' : ''}`;
      yield fail(ra.loc, `${r.resourceType} "${r.name}" grants the basic role ${role}${who}.`, { blockLine: bl });
    }
  },
});
