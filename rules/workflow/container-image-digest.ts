import { defineRule, fail } from '../../core/rule.js';
import { parseImage, workflowImages } from '../_lib/images.js';

export default defineRule({
  id: 'TG-GHA-016',
  name: 'gha-container-image-digest',
  title: 'Workflow container images are pinned by digest',
  failTitle: 'Workflow container image is not pinned by digest',
  kind: 'workflow',
  category: 'supply-chain',
  controls: ['CC8.1', 'CC9.2'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Digest pinning of every image is right in general but noisy; a fixed tag is what change control needs.',
  confidence: 'high',
  aliases: ['unpinned-images'],
  introducedIn: '0.2.0',
  rationale:
    'Most registries let a version tag be pushed again; only a content digest guarantees that the image a docker:// step, job container or service container runs is the one that was reviewed.',
  controlRationale: {
    'CC8.1': 'A digest makes what the pipeline runs exactly the artefact named in the reviewed workflow.',
    'CC9.2': 'Pinning to a vetted build keeps a re-pushed vendor tag out of the pipeline.',
  },
  remediation: 'Append the digest to the reference (image: postgres:16.4@sha256:<digest>); Renovate or Dependabot can keep it current.',
  defaults: 'Images that are untagged or :latest are reported by TG-GHA-015 instead; images from expressions are skipped here.',
  *check(wf) {
    for (const img of workflowImages(wf)) {
      if (img.ref === undefined) continue;
      const p = parseImage(img.ref);
      if (p.digest || p.placeholder || !p.tag || p.tag === 'latest') continue;
      yield fail(img.view.loc, `${img.what} runs image "${img.ref}" by tag only, without an @sha256 digest.`);
    }
  },
});
