import { defineRule, fail, indeterminate } from '../../core/rule.js';
import { cName } from '../../core/kubernetes/pod.js';
import { parseImage } from '../_lib/images.js';

export default defineRule({
  id: 'TG-K8S-011',
  name: 'k8s-image-tag-mutable',
  title: 'Container image has a fixed tag (not :latest or untagged)',
  failTitle: 'Container image uses :latest or no tag',
  kind: 'kubernetes',
  category: 'supply-chain',
  controls: ['CC8.1', 'CC6.8'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A mutable tag means the deployed code can change without a reviewed change (CC8.1).',
  confidence: 'high',
  aliases: ['CKV_K8S_14', 'AVD-KSV-0013', 'KSV-0013', '583053b7-e632-46f0-b989-f81ff8045385', 'latest-tag'],
  rationale:
    'An untagged or :latest image resolves to whatever was pushed last, so the code that runs changes without any change to the reviewed manifest, and two replicas can run different software.',
  controlRationale: {
    'CC8.1': 'Only a fixed reference ties the running software to a reviewed and approved change.',
    'CC6.8': 'A moving tag lets unreviewed software be introduced by whoever can push to the registry.',
  },
  remediation: 'Reference the image by a version tag and, better, by digest (image: repo:1.2.3@sha256:...).',
  defaults: 'An image without a tag means :latest. References with template placeholders ($VAR, {{ }}) are undecided.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      for (const c of w.containers) {
        const v = c.view.get('image');
        const ref = v?.str();
        if (!v || !ref) continue;
        const p = parseImage(ref.trim());
        if (p.digest) continue;
        if (p.placeholder) {
          yield indeterminate(v.loc, `image reference "${ref}" contains a template placeholder`);
          continue;
        }
        if (p.tag === undefined || p.tag === '') yield fail(v.pairLoc, `${cName(w, c)} uses image "${ref}" with no tag, which means :latest.`);
        else if (p.tag === 'latest') yield fail(v.pairLoc, `${cName(w, c)} uses the mutable :latest tag for image "${ref}".`);
      }
    }
  },
});
