// How a severity is shown to a person, in one place for every face: critical stands apart from high
// by icon, word and order (most severe first), never only by colour.
import type { Severity } from '../types.js';

export const SEVERITY_ICON: Record<Severity, string> = { critical: '⛔', high: '🔴', medium: '🟠', low: '🔵' };
/** The word, capitalised; critical is the only one in capitals, so it reads apart from high in plain text too. */
export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'High', medium: 'Medium', low: 'Low' };


/** The severity in Markdown: icon and word, CRITICAL also in bold so it never passes for high. */
export function markdownSeverity(s: Severity): string {
  return `${SEVERITY_ICON[s]} ${s === 'critical' ? `**${SEVERITY_LABEL[s]}**` : SEVERITY_LABEL[s]}`;
}
