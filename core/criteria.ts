// The Trust Services Criteria that infrastructure code can evidence, in our own words (AICPA's text is
// not reproduced). `automatable: false` marks criteria no static scan can show; the coverage matrix says so.
export interface Criterion {
  id: string;
  summary: string;
  automatable: boolean;
}

const list: Criterion[] = [
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

export const CRITERIA: Record<string, Criterion> = Object.fromEntries(list.map((c) => [c.id, c]));
