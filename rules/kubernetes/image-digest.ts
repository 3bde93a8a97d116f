import { defineRule, fail } from '../../core/rule.js';
import { cName } from '../../core/kubernetes/pod.js';
import { parseImage } from '../_lib/images.js';

export default defineRule({
  id: 'TG-K8S-012',
  name: 'k8s-image-digest',
  title: 'Container image is pinned by digest',
  failTitle: 'Container image is not pinned by digest',
  kind: 'kubernetes',
  category: 'supply-chain',
  controls: ['CC8.1', 'CC6.8', 'CC9.2'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Digest pinning of every image is right in general but noisy; a fixed tag is what change control needs.',
  confidence: 'high',
  aliases: ['CKV_K8S_43', '7c81d34c-8e5a-402b-9798-9f442630e678'],
  rationale:
    'Version tags can be moved or overwritten in most registries; only a content digest guarantees that the image which was scanned and approved is the image that runs.',
  controlRationale: {
    'CC8.1': 'A digest makes the deployed artefact exactly the one named in the approved change.',
    'CC6.8': 'Digest pinning prevents a re-pushed tag from introducing unreviewed software.',
    'CC9.2': 'Third-party images are pinned to a vetted build rather than trusting the vendor tag to stay put.',
  },
  remediation: 'Append the digest to the image reference (repo:1.2.3@sha256:<digest>); tools such as crane, kustomize images or Renovate can keep it current.',
  defaults: 'Images with :latest or no tag are reported by TG-K8S-011 instead; references with template placeholders are skipped.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      for (const c of w.containers) {
        const v = c.view.get('image');
        const ref = v?.str();
        if (!v || !ref) continue;
        const p = parseImage(ref.trim());
        if (p.digest || p.placeholder || !p.tag || p.tag === 'latest') continue;
        yield fail(v.pairLoc, `${cName(w, c)} uses image "${ref}" by tag only, without an @sha256 digest.`);
      }
    }
  },
});
