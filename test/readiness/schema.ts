// schemas/report-v1.json and the validator the evidence schema uses (core/evidence/validate.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAgainst } from '../../core/evidence/validate.js';

export const REPORT_SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'report-v1.json'), 'utf8'));
export const validateReport = (v: unknown) => validateAgainst(REPORT_SCHEMA, v);
