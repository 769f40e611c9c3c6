/** Test helper: takes the PGlite data-folder lock on argv[2], says "locked", and waits to be killed. */
import { lockDataDir } from '../platform/db/datadir-lock.js';

await lockDataDir(process.argv[2]);
process.stdout.write('locked\n');
setInterval(() => {}, 1 << 30);
