// `trustgate explain ID`: the same content as docs/rules/<id>.md, for the terminal.
import { CRITERIA } from './criteria.js';
import type { RuleMeta } from './types.js';

export function explainRule(m: RuleMeta): string {
  const lines = [
    `${m.id}  ${m.title}`,
    `name: ${m.name}   kind: ${m.kind}   category: ${m.category}   severity: ${m.severity}${m.confidence ? `   confidence: ${m.confidence}` : ''}`,
    '',
    'SOC 2 criteria:',
    ...m.controls.map((c) => `  ${c.padEnd(6)} ${CRITERIA[c]?.summary ?? ''}`),
    '',
    'Why:',
    `  ${m.rationale}`,
    '',
    'Fix:',
    `  ${m.remediation}`,
  ];
  if (m.defaults) lines.push('', 'When omitted:', `  ${m.defaults}`);
  if (m.resourceTypes?.length) lines.push('', `Resource types: ${m.resourceTypes.join(', ')}`);
  if (m.aliases?.length) lines.push('', `Equivalent ids in other tools: ${m.aliases.join(', ')}`);
  lines.push('', `Suppress with a reason:  # trustgate:ignore ${m.id} reason="..." expires=YYYY-MM-DD`, '');
  return lines.join('\n');
}
