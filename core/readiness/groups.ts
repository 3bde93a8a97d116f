// The sections of a readiness report: the Trust Services Criteria families (CC1 to CC9, A1, C1, PI1,
// and the privacy criteria as one section P), each with a short title and what a scan of the
// repository cannot show for it. In our own words; AICPA's text is not reproduced.
import { CRITERIA } from '../soc2/criteria.js';

export interface CriterionGroup {
  id: string;
  title: string;
  /** What static code and its change history cannot evidence for this family. */
  cannotShow: string;
}

export const GROUPS: CriterionGroup[] = [
  { id: 'CC1', title: 'Control environment', cannotShow: 'Integrity and ethics, board oversight, hiring, competence and accountability of people are organisational facts; code shows none of them. Policies and their approvals (controls outside the code) are the evidence.' },
  { id: 'CC2', title: 'Information and communication', cannotShow: 'Code shows whether audit trails are produced, not whether responsibilities and security commitments are communicated to staff, customers and vendors.' },
  { id: 'CC3', title: 'Risk assessment', cannotShow: 'A risk assessment (objectives, risks, fraud risk, their analysis) is a management process; code shows only that changes are identified and assessed before merge.' },
  { id: 'CC4', title: 'Monitoring activities', cannotShow: 'Code shows that monitoring is configured; whether anyone reviews it and acts on deficiencies is shown by tickets, meeting records and the change ledger over time.' },
  { id: 'CC5', title: 'Control activities', cannotShow: 'Code shows technical controls; whether they are deployed through approved policies and procedures is shown by the policy documents and their reviews.' },
  { id: 'CC6', title: 'Logical and physical access', cannotShow: 'The deployed state may differ from the code (console changes, drift); physical access, user provisioning and periodic access reviews happen outside the repository.' },
  { id: 'CC7', title: 'System operations', cannotShow: 'Code shows detection and logging are configured; that alerts are triaged and incidents handled under a response plan is shown by incident records.' },
  { id: 'CC8', title: 'Change management', cannotShow: 'One scan shows the current code; that every change was approved and tested over the audit period is shown by the evidence ledger (see the change history).' },
  { id: 'CC9', title: 'Risk mitigation', cannotShow: 'Business-disruption planning, insurance and vendor due diligence are processes outside the code; code shows only where third-party code is pinned and verified.' },
  { id: 'A1', title: 'Availability', cannotShow: 'Code shows backups and redundancy are configured; that restores and recovery plans are actually tested is shown by test records.' },
  { id: 'C1', title: 'Confidentiality', cannotShow: 'Which information is confidential, and that it is disposed of on schedule, are classification and retention decisions recorded outside the code.' },
  { id: 'PI1', title: 'Processing integrity', cannotShow: 'Processing objectives and the accuracy of outputs are application properties; infrastructure code shows only protections around stored and transmitted data.' },
  { id: 'P', title: 'Privacy', cannotShow: 'Notice, consent, access and correction requests, and disclosure records are privacy processes; code shows only retention and disposal settings and where data is sent.' },
];

/** The section a criterion belongs to: CC6.1 -> CC6, A1.2 -> A1, PI1.3 -> PI1, P4.2 -> P. */
export function groupOf(criterion: string): string {
  if (/^P\d/.test(criterion)) return 'P';
  return criterion.replace(/\.\d+$/, '');
}

/** The criteria (points) of each section, in TSC order (CRITERIA is sorted). */
export function pointsOf(group: string): string[] {
  return Object.keys(CRITERIA).filter((c) => groupOf(c) === group);
}
