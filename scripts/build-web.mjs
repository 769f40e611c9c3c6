/**
 * Builds the web app (web/dist) with Vite in a child process when it is missing, so the server
 * process never holds Vite's memory (a fresh clone's first start peaked at 553 MB with Vite
 * inside the server, issue 25). `npm start` runs this before it loads the server; src/main.ts
 * (`npm run dev`) does the same check with its own child.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildWebIfMissing() {
  if (existsSync(path.join(root, 'web', 'dist', 'index.html'))) return false;
  console.log('[motcua] Building the web app (web/dist is missing)…');
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`web build failed: ${signal ?? `exit code ${code}`}`))));
  });
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildWebIfMissing();
