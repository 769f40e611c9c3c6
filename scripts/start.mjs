/**
 * `npm start`: build the web app if it is missing (Vite in a child process that exits before the
 * server loads: scripts/build-web.mjs), compile the server to dist/server.js
 * (scripts/build-server.mjs) and run it in this process as plain JavaScript. The compiled file is
 * rebuilt whenever a file it came from changed (mtime or size differs, or is gone), so it is never
 * stale, and a restart skips the build.
 */
import { pathToFileURL } from 'node:url';
import { buildServerIfStale } from './build-server.mjs';
import { buildWebIfMissing } from './build-web.mjs';

await buildWebIfMissing();
const bundle = await buildServerIfStale();
await import(pathToFileURL(bundle).href);
