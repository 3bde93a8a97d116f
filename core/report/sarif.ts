// SARIF 2.1.0 as GitHub code scanning accepts it: rules with help text, security-severity, tags
// with the SOC 2 criteria, partial fingerprints, suppressions.
import type { Finding, RuleMeta, ScanResult, Severity } from '../types.js';
import { relativeResult } from './paths.js';
import { findingFingerprint } from '../fingerprint.js';
import { suppressionReason } from '../suppress.js';

// Code scanning's bands: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, below 4 low. Critical and high
// share the SARIF level `error`, so this score is what keeps them apart in the Security tab.
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '7.5', medium: '5.5', low: '3.0' };
export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
export const DOCS_BASE = 'https://github.com/trustgate-dev/trustgate/blob/main/docs/rules';

/** What a caller adds to each result (the Action: baselineState and its new/pre-existing status). */
export type SarifExtra = (finding: Finding) => { baselineState?: 'new' | 'unchanged'; properties?: Record<string, unknown> } | undefined;

/** The tool's identity in every SARIF log Trustgate writes (a scan's, the organisation's). */
export const sarifDriver = (version: string) => ({ name: 'Trustgate', informationUri: 'https://github.com/trustgate-dev/trustgate', semanticVersion: version, version });

export function toSarif(result: ScanResult, rules: RuleMeta[], cwd: string, extra?: SarifExtra): string {
  const r = relativeResult(result, cwd);
  const used = new Set(r.findings.map((f) => f.ruleId));
  const ruleList = rules.filter((x) => used.has(x.id) || rules.length <= 400);
  const index = new Map(ruleList.map((x, i) => [x.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            ...sarifDriver(r.tool.version),
            rules: ruleList.map((m) => ({
              id: m.id,
              name: m.name,
              shortDescription: { text: m.title },
              fullDescription: { text: m.rationale },
              helpUri: `${DOCS_BASE}/${m.id}.md`,
              help: {
                text: `${m.rationale}\n\nRemediation: ${m.remediation}\n\nSOC 2: ${m.controls.join(', ')}`,
                markdown: `**${m.title}**\n\n${m.rationale}\n\n**Remediation:** ${m.remediation}\n\n**SOC 2 criteria:** ${m.controls.join(', ')}${m.aliases?.length ? `\n\n**Equivalent ids:** ${m.aliases.join(', ')}` : ''}`,
              },
              defaultConfiguration: { level: LEVEL[m.severity] },
              properties: {
                'security-severity': SECURITY_SEVERITY[m.severity],
                precision: m.confidence === 'low' ? 'low' : m.confidence === 'medium' ? 'medium' : 'high',
                tags: ['security', m.category, ...m.controls.map((c) => `soc2/${c}`)],
              },
            })),
          },
        },
        results: r.findings.map((f, i) => ({ f, x: extra?.(result.findings[i]) })).map(({ f, x }) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: `${f.message} SOC 2: ${f.controls.join(', ')}. Fix: ${f.remediation}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.location.file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: f.location.startLine,
                  startColumn: f.location.startColumn,
                  endLine: f.location.endLine,
                  endColumn: f.location.endColumn,
                },
              },
            },
          ],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((x, i) => ({
                  id: i,
                  message: { text: x.message },
                  physicalLocation: {
                    artifactLocation: { uri: encodeURI(x.location.file), uriBaseId: '%SRCROOT%' },
                    region: { startLine: x.location.startLine, startColumn: x.location.startColumn, endLine: x.location.endLine, endColumn: x.location.endColumn },
                  },
                })),
              }
            : {}),
          partialFingerprints: {
            'trustgate/v1': findingFingerprint(f.ruleId, f.location.file, f.message),
          },
          ...(x?.baselineState ? { baselineState: x.baselineState } : {}),
          properties: { severity: f.severity, category: f.category, controls: f.controls, ...(f.newRule ? { 'trustgate/newRule': true } : {}), ...x?.properties },
          ...(f.compensated
            ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `compensating control ${f.compensated.by}: ${f.compensated.detail}` }] }
            : f.suppression && !f.suppression.expired
            ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: suppressionReason(f.suppression) + (f.suppression.expires ? ` (expires ${f.suppression.expires})` : '') }] }
            : {}),
        })),
        ...(r.soc2
          ? { properties: { 'trustgate/soc2MappingVersion': r.soc2.mappingVersion, 'trustgate/soc2MappingDigest': r.soc2.mappingDigest, 'trustgate/rulesetDigest': r.soc2.rulesetDigest } }
          : {}),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: r.errors
              .filter((e) => e.kind !== 'notice')
              .map((e) => ({
                level: 'warning',
                message: { text: `${e.kind}: ${e.message}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.file), uriBaseId: '%SRCROOT%' }, region: { startLine: e.line, startColumn: e.column } } }],
              })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
