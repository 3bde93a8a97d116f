// The controls SOC 2 expects that code cannot evidence: policies and people processes. Data, not
// prose: each control maps to the criteria it supports, and policy documents are recognised by their
// front-matter `control:` id or by a title matching `titlePattern`. Summaries are our own words.
import type { CatalogueControl } from '../../../core/governance/model.js';

export const CONTROL_CATALOGUE: readonly CatalogueControl[] = [
  { id: 'information-security-policy', title: 'Information security policy', kind: 'policy', required: true, criteria: ['CC5.3', 'CC1.1', 'CC2.2', 'CC5.1'], titlePattern: 'information security' },
  { id: 'acceptable-use-policy', title: 'Acceptable use policy', kind: 'policy', required: true, criteria: ['CC1.1', 'CC2.2', 'CC5.3'], titlePattern: 'acceptable use' },
  { id: 'data-retention-policy', title: 'Data retention and disposal policy', kind: 'policy', required: true, criteria: ['C1.2', 'CC6.5', 'P4.2', 'P4.3'], titlePattern: 'data retention|retention and disposal' },
  { id: 'business-continuity-policy', title: 'Business continuity and disaster recovery policy', kind: 'policy', required: true, criteria: ['CC9.1', 'A1.3', 'CC7.5'], titlePattern: 'business continuity|disaster recovery' },
  { id: 'risk-assessment', title: 'Risk assessment', kind: 'process', required: true, criteria: ['CC3.1', 'CC3.2', 'CC3.3', 'CC5.1'], titlePattern: 'risk assessment|risk management' },
  { id: 'security-awareness-training', title: 'Security awareness training', kind: 'process', required: true, criteria: ['CC1.4', 'CC2.2'], titlePattern: 'security awareness|security training' },
  { id: 'vendor-risk-management', title: 'Vendor risk management', kind: 'process', required: true, criteria: ['CC9.2', 'P6.4', 'P6.5', 'CC2.3'], titlePattern: 'vendor|third[- ]party|supplier' },
  { id: 'incident-response-plan', title: 'Incident response plan', kind: 'policy', required: true, criteria: ['CC7.3', 'CC7.4', 'CC7.5', 'P6.3', 'P6.6', 'CC4.2'], titlePattern: 'incident response' },
  { id: 'access-reviews', title: 'Periodic access reviews', kind: 'process', required: true, criteria: ['CC6.2', 'CC6.3', 'CC1.5'], titlePattern: 'access review' },
  { id: 'background-checks', title: 'Background checks for personnel', kind: 'process', required: true, criteria: ['CC1.4', 'CC1.1'], titlePattern: 'background (check|screening)' },
  // Not every system holds personal information: a privacy notice counts when present, and its
  // absence is not a finding.
  { id: 'privacy-policy', title: 'Privacy notice and personal-information handling', kind: 'policy', required: false, criteria: ['P1.1', 'P2.1', 'P3.1', 'P3.2', 'P4.1', 'P5.1', 'P5.2', 'P6.2', 'P6.7', 'P7.1', 'P8.1'], titlePattern: 'privacy' },
  { id: 'governance-structure', title: 'Organisation chart, board oversight and security roles', kind: 'process', required: false, criteria: ['CC1.2', 'CC1.3'], titlePattern: 'organi[sz]ation|security roles|board' },
];
