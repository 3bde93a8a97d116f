// Entry of the bundled Action (dist/action/index.mjs): runs once; core.setFailed sets the exit code.
import { run } from './main.js';
import { tuneV8ForScans } from '../core/v8-flags.js';

tuneV8ForScans();
await run();
