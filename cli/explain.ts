// `trustgate explain ID`: exactly the content of docs/rules/<ID>.md (one renderer, core/docs.ts).
import { ruleDocFor } from '../core/docs.js';
import type { RuleMeta } from '../core/types.js';

export function explainRule(m: RuleMeta): string {
  return ruleDocFor(m);
}
