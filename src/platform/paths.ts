import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root folder (the one holding MotCua's package.json), found by walking up from
 * this file. Every file the server reads at run time (migrations, seed data, web/dist) is named
 * from here, so the same code runs from `src/` under tsx and from the compiled bundle in `dist/`.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'motcua') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Không tìm thấy thư mục gốc của MotCua (package.json) từ ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const projectRoot = findRoot();

/** An absolute path inside the repository, e.g. `fromRoot('src/modules/org/seed/x.json')`. */
export const fromRoot = (...segments: string[]): string => path.join(projectRoot, ...segments);
