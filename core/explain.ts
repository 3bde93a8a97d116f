// `trustgate explain ID`: exactly the content of docs/rules/<ID>.md (one renderer, core/docs.ts).
import { ruleDocFor } from './docs.js';
import type { RuleMeta } from './types.js';

export function explainRule(m: RuleMeta): string {
  return ruleDocFor(m);
}
