// The Trust Services Criteria, in our own words (AICPA's text is not reproduced), and whether a rule can
// evidence each: from the code, or from the repository's record of controls outside it (the governance
// rules, TG-GOV). `automatable: false` marks criteria no rule can evidence; the coverage matrix says so.
// It agrees with the rule catalogue: every criterion a rule cites is automatable (test/criteria.test.ts),
// so the mapping, the readiness report and the editor say the same whichever they read.
export interface Criterion {
  id: string;
  summary: string;
  /** A rule can evidence it (one cites it, or infrastructure code could and no rule does yet: "no rule yet"). */
  automatable: boolean;
}

const list: Criterion[] = [
  // Evidenced by the governance rules from the repository's record of controls (owners, policies, reviews).
  { id: 'CC1.3', summary: 'Management sets up structures, reporting lines, authority and responsibility.', automatable: true },
  { id: 'CC1.5', summary: 'People are held accountable for their internal control responsibilities.', automatable: true },
  { id: 'CC2.2', summary: 'Internal control information, objectives and responsibilities are communicated internally.', automatable: true },
  { id: 'CC3.2', summary: 'Risks to objectives are identified and analysed across the entity.', automatable: true },
  { id: 'CC5.3', summary: 'Control activities are deployed through policies and the procedures that put them into action.', automatable: true },
  { id: 'CC2.1', summary: 'Relevant, quality information (e.g. audit trails) supports internal control.', automatable: true },
  { id: 'CC3.4', summary: 'Changes that could significantly affect internal control are identified and assessed.', automatable: true },
  { id: 'CC4.1', summary: 'Controls are monitored on an ongoing basis to confirm they are present and working.', automatable: true },
  { id: 'CC5.2', summary: 'General controls over technology are selected and developed.', automatable: true },
  { id: 'CC6.1', summary: 'Logical access to information assets is restricted, authenticated and protected, including encryption and key management.', automatable: true },
  { id: 'CC6.2', summary: 'Users and systems are registered and authorised before credentials are issued, and credentials are removed when no longer valid.', automatable: true },
  { id: 'CC6.3', summary: 'Access is granted and changed by role with least privilege and segregation of duties.', automatable: true },
  { id: 'CC6.6', summary: 'The system boundary is defended: inbound access restricted, outside access strongly authenticated.', automatable: true },
  { id: 'CC6.7', summary: 'Data in transit goes only to authorised parties and is protected, usually by encryption.', automatable: true },
  { id: 'CC6.8', summary: 'Unauthorised or malicious software is prevented or detected.', automatable: true },
  { id: 'CC7.1', summary: 'Configuration changes that introduce vulnerabilities are detected, and new vulnerabilities found.', automatable: true },
  { id: 'CC7.2', summary: 'System components are monitored for anomalies caused by attacks, errors or disasters.', automatable: true },
  { id: 'CC7.3', summary: 'Security events are evaluated to decide whether they are incidents.', automatable: true },
  { id: 'CC7.4', summary: 'Incidents are responded to through a defined programme, including restoring operations.', automatable: true },
  { id: 'CC7.5', summary: 'The entity recovers from incidents and restores affected systems.', automatable: true },
  { id: 'CC8.1', summary: 'Changes to infrastructure and software are authorised, tested, approved and deployed under control.', automatable: true },
  { id: 'CC9.2', summary: 'Risks from vendors and business partners are assessed and managed.', automatable: true },
  { id: 'A1.1', summary: 'Capacity is measured, forecast and managed.', automatable: true },
  { id: 'A1.2', summary: 'Backups, recovery infrastructure and environmental protections are designed, run and monitored.', automatable: true },
  { id: 'A1.3', summary: 'Recovery plans, including backup integrity, are tested.', automatable: false },
  { id: 'C1.1', summary: 'Confidential information is identified, protected and retained as committed.', automatable: true },
  { id: 'C1.2', summary: 'Confidential information is disposed of when due.', automatable: true },
  { id: 'PI1.1', summary: 'Processing objectives and data definitions are specified.', automatable: false },
  { id: 'PI1.2', summary: 'System inputs are complete and accurate, and input records are kept.', automatable: true },
  { id: 'PI1.3', summary: 'Processing is complete, accurate and authorised, and errors are detected.', automatable: true },
  { id: 'PI1.4', summary: 'Outputs are complete, accurate and delivered only to intended parties.', automatable: true },
  { id: 'PI1.5', summary: 'Stored data is kept complete and accurate and protected from unauthorised change.', automatable: true },
  { id: 'P4.2', summary: 'Personal information is retained only as long as needed.', automatable: true },
  { id: 'P4.3', summary: 'Personal information is disposed of securely.', automatable: true },
  { id: 'P6.1', summary: 'Personal information is disclosed to third parties only as authorised.', automatable: true },
];

// The remaining criteria of the 2017 TSC (points of focus revised 2022). They are about governance,
// people and process: no rule can show them, and the coverage matrix (docs/controls.md,
// soc2-mapping.json) says so explicitly instead of leaving them out.
const process: [string, string][] = [
  ['CC1.1', 'The entity shows commitment to integrity and ethical values.'],
  ['CC1.2', 'The board is independent of management and oversees internal control.'],
  ['CC1.4', 'The entity attracts, develops and retains competent people.'],
  ['CC2.3', 'The entity communicates with external parties about matters affecting internal control.'],
  ['CC3.1', 'Objectives are specified clearly enough to identify and assess risks.'],
  ['CC3.3', 'The potential for fraud is considered when assessing risks.'],
  ['CC4.2', 'Control deficiencies are evaluated and communicated to those who can act on them.'],
  ['CC5.1', 'Control activities are selected and developed to reduce risks to acceptable levels.'],
  ['CC6.4', 'Physical access to facilities and protected assets is restricted.'],
  ['CC6.5', 'Protections are removed from assets only after their data can no longer be recovered (secure disposal).'],
  ['CC9.1', 'Risk mitigation activities cover potential business disruptions.'],
  ['P1.1', 'Data subjects are told about the privacy practices (notice).'],
  ['P2.1', 'Choices about personal information are offered and consent is obtained.'],
  ['P3.1', 'Personal information is collected only for the stated objectives.'],
  ['P3.2', 'Explicit consent is obtained where required, with its consequences explained.'],
  ['P4.1', 'Personal information is used only for the stated objectives.'],
  ['P5.1', 'Data subjects can access their personal information.'],
  ['P5.2', 'Data subjects can correct or amend their personal information.'],
  ['P6.2', 'An accurate record is kept of authorised disclosures of personal information.'],
  ['P6.3', 'Unauthorised disclosures, including breaches, are recorded.'],
  ['P6.4', 'Commitments are obtained from vendors and third parties that handle personal information.'],
  ['P6.5', 'Vendors and third parties report unauthorised disclosures to the entity.'],
  ['P6.6', 'Breaches and incidents are notified to affected data subjects and others as committed.'],
  ['P6.7', 'Data subjects receive an accounting of their personal information and its disclosures.'],
  ['P7.1', 'Personal information is kept accurate, complete and relevant.'],
  ['P8.1', 'Privacy inquiries, complaints and disputes are received, handled and monitored.'],
];
for (const [id, summary] of process) list.push({ id, summary, automatable: false });

/**
 * Sort criterion ids in TSC order: CC before A, C, PI, P; numerically within (CC6.9 before CC6.10). By
 * hand, not with a numeric collator: ICU's first collator costs milliseconds, at every process's start.
 */
export function compareCriteria(a: string, b: string): number {
  const fam = (s: string) => ['CC', 'A', 'C', 'PI', 'P'].indexOf(s.replace(/[0-9.].*$/, ''));
  return fam(a) - fam(b) || compareNumbered(a, b);
}

/** Runs of digits compare as numbers, the rest by code unit ("CC6.9" < "CC6.10"). */
function compareNumbered(a: string, b: string): number {
  const x = a.match(/\d+|\D+/g) ?? [];
  const y = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const nx = /^\d/.test(x[i]);
    const ny = /^\d/.test(y[i]);
    if (nx && ny) return Number(x[i]) - Number(y[i]) || (x[i] < y[i] ? -1 : 1);
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

export const CRITERIA: Record<string, Criterion> = Object.fromEntries(list.sort((a, b) => compareCriteria(a.id, b.id)).map((c) => [c.id, c]));
