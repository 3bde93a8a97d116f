// Where a governance finding points: the control's `controls:` entry, else the front-matter key of its
// policy document, else the `controls:` key itself (a control recorded nowhere).
import type { ControlStatus, GovernanceModel } from '../../../core/governance/model.js';
import type { Location } from '../../../core/types.js';

const at = (file: string, line: number): Location => ({ file, startLine: line, startColumn: 1, endLine: line, endColumn: 1 });

export function whereIs(m: GovernanceModel, c: ControlStatus, frontMatterKey?: string): Location {
  if (c.entry) return at(m.configFile, c.entry.line);
  const d = c.documents[0];
  if (d) return at(d.file, (frontMatterKey && d.lines[frontMatterKey]) || 1);
  return at(m.configFile, m.controlsLine);
}
