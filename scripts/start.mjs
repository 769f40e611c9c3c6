/**
 * `npm start`: compile the server to dist/server.js (scripts/build-server.mjs) and run it in this
 * process as plain JavaScript. The compiled file is always rebuilt from the sources, so it is
 * never stale.
 */
import { pathToFileURL } from 'node:url';
import { buildServer } from './build-server.mjs';

const bundle = await buildServer();
await import(pathToFileURL(bundle).href);
