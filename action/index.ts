// Entry of the bundled Action (dist/action/index.mjs): runs once; core.setFailed sets the exit code.
import { run } from './main.js';

await run();
