import { defineRule, fail, indeterminate } from '../../core/rule.js';
import { parseImage, workflowImages } from '../_lib/images.js';

export default defineRule({
  id: 'TG-GHA-015',
  name: 'gha-container-image-mutable',
  title: 'Workflow container images have a fixed tag (not :latest or untagged)',
  failTitle: 'Workflow container image uses :latest or no tag',
  kind: 'workflow',
  category: 'supply-chain',
  controls: ['CC8.1', 'CC9.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A :latest or untagged image lets whoever can push to the registry change what the pipeline runs (CC8.1).',
  confidence: 'high',
  aliases: ['unpinned-images'],
  introducedIn: '0.2.0',
  rationale:
    'docker:// steps, job containers and service containers run with the job token and secrets; an untagged or :latest image is whatever was pushed last, so the code the pipeline runs changes without any reviewed change to the workflow.',
  controlRationale: {
    'CC8.1': 'Only a fixed reference ties what the pipeline runs to a reviewed change of the workflow.',
    'CC9.2': 'Registry images are vendor code; a moving tag hands control of the pipeline to the image publisher.',
  },
  remediation: 'Give every image a version tag, better a digest: image: postgres:16.4@sha256:<digest> (docker://alpine:3.20@sha256:<digest> for steps).',
  defaults:
    'An image without a tag means :latest. `${{ matrix.x }}` is checked for each literal matrix value; other expressions are reported as undecided. Images pinned by tag only are reported by TG-GHA-016 (pedantic).',
  *check(wf) {
    for (const img of workflowImages(wf)) {
      if (img.ref === undefined) {
        yield indeterminate(img.view.loc, `the image of ${img.what} comes from \${{ ${img.expr} }}, which is not known before the run`);
        continue;
      }
      const p = parseImage(img.ref);
      if (p.digest) continue;
      if (p.placeholder) {
        yield indeterminate(img.view.loc, `image reference "${img.ref}" of ${img.what} contains a placeholder`);
        continue;
      }
      if (!p.tag) yield fail(img.view.loc, `${img.what} runs image "${img.ref}" with no tag, which means :latest.`);
      else if (p.tag === 'latest') yield fail(img.view.loc, `${img.what} runs image "${img.ref}" by the mutable :latest tag.`);
    }
  },
});
