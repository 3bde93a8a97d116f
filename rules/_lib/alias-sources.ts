// Where each peer id in a rule's `aliases` comes from. An alias is a claim that a peer's check
// (Checkov, Trivy, KICS, kube-linter, zizmor, Prowler, Kubescape) is the same control; a peer's skip
// comment for that id also suppresses the Trustgate rule (core/suppress.ts), so a wrong alias silences
// the wrong rule. `verified` is the date the id and its meaning were checked in the peer's own
// catalogue or sources; null means it rests on the research catalogue that first listed it
// (`source` names that catalogue's anchor) and awaits that check. test/rule-aliases.test.ts keeps
// this record and the rules in step.
import records from './alias-sources.json' with { type: 'json' };

export type Peer = 'checkov' | 'trivy' | 'kics' | 'kube-linter' | 'zizmor' | 'prowler' | 'kubescape';

export interface AliasSource {
  peer: Peer;
  /** Where the id was read: `owner/repo:path`, or the research catalogue's anchor when not yet verified. */
  source: string;
  /** The peer's own title for the check, when verified. */
  peerTitle?: string;
  /** YYYY-MM-DD the id and its meaning were checked against the peer; null: not yet. */
  verified: string | null;
}

export const ALIAS_SOURCES = records as Record<string, AliasSource>;
