import { defineRule, fail } from '../../core/rule.js';
import { objName, objectLoc, objectsOf } from '../../core/kubernetes/pod.js';

const EBS = ['ebs.csi.aws.com', 'kubernetes.io/aws-ebs'];
const AZURE_DISK = ['disk.csi.azure.com', 'kubernetes.io/azure-disk'];
const GCE_PD = ['pd.csi.storage.gke.io', 'kubernetes.io/gce-pd'];

export default defineRule({
  id: 'TG-K8S-021',
  name: 'k8s-storage-encryption',
  title: 'StorageClass provisions encrypted volumes',
  failTitle: 'StorageClass provisions unencrypted volumes',
  kind: 'kubernetes',
  objectKinds: ['StorageClass'],
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'CC6.7', 'C1.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unencrypted persistent volumes are data at rest without encryption.',
  confidence: 'medium',
  aliases: ['C-0264'],
  rationale:
    'Persistent volumes hold databases and uploads; an EBS volume created without encryption keeps that data readable in snapshots, in detached volumes and on retired hardware.',
  controlRationale: {
    'CC6.1': 'Encryption at rest protects stored data from access outside the application and its authorisation checks.',
    'CC6.7': 'Snapshots and volumes copied between accounts or regions stay protected when the underlying disk is encrypted.',
    'C1.1': 'Confidential data on disks is protected throughout its retention.',
  },
  remediation:
    'For AWS EBS set parameters.encrypted: "true" (and kmsKeyId for a customer-managed key). With option requireCustomerManagedKey, also set diskEncryptionSetID (Azure Disk) or disk-encryption-kms-key (GCE PD).',
  defaults:
    'The EBS provisioners create unencrypted volumes unless parameters.encrypted is "true" (an account-wide EBS default encryption setting is not visible here). Azure Disk and GCE PD always encrypt with a platform key, so they are only reported when requireCustomerManagedKey is true.',
  options: {
    requireCustomerManagedKey: { type: 'boolean', default: false, description: 'Also require a customer-managed key (Azure Disk, GCE PD and EBS alike).' },
  },
  introducedIn: '0.1.0',
  *check(f, ctx) {
    const cmk = ctx.options.requireCustomerManagedKey;
    for (const sc of objectsOf(f, 'StorageClass')) {
      const prov = sc.view.get('provisioner');
      const p = prov?.str() ?? '';
      const params = sc.view.get('parameters');
      const loc = prov?.pairLoc ?? objectLoc(sc);
      if (EBS.includes(p)) {
        const enc = params?.get('encrypted');
        if (enc?.bool() !== true) {
          const fixes = enc && enc.bool() === false ? [{ title: 'Set encrypted: "true"', range: enc.loc, text: '"true"' }] : undefined;
          yield fail(enc ? enc.pairLoc : loc, `${objName(sc)} provisions EBS volumes without encryption (parameters.encrypted is not "true").`, { fixes });
          continue;
        }
        if (cmk && !params?.get('kmsKeyId')) yield fail(loc, `${objName(sc)} encrypts EBS volumes with the AWS-managed key, not a customer-managed kmsKeyId.`);
      } else if (cmk && AZURE_DISK.includes(p) && !params?.get('diskEncryptionSetID')) {
        yield fail(loc, `${objName(sc)} provisions Azure disks without a customer-managed diskEncryptionSetID.`);
      } else if (cmk && GCE_PD.includes(p) && !params?.get('disk-encryption-kms-key')) {
        yield fail(loc, `${objName(sc)} provisions persistent disks without a customer-managed disk-encryption-kms-key.`);
      }
    }
  },
});
