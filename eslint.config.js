// ESLint flat config: typescript-eslint's recommended rules for the server, web app, benches and browser tests,
// and the module boundaries of docs/architecture.md ("Boundaries and composition root").
import tseslint from 'typescript-eslint';

// The server loads the document libraries on first use (src/platform/doclibs.ts keeps ~55 MB
// out of an idle server); tests may import them directly.
const DOCLIBS = ['exceljs', 'pdfkit', 'qrcode'].map((name) => ({
  name,
  message: 'Dùng src/platform/doclibs.ts (nạp khi cần) — load it on first use through src/platform/doclibs.ts.',
  allowTypeImports: true,
}));

// Module boundaries. A module (src/modules/X) reaches another module Y only through Y's public file,
// `../Y/Y.public.js`; a test may also use Y's test helpers, files named `*.testutil.ts` or
// `*.double.ts`. The platform (src/platform) knows no module, except the types of public files
// (the `Deps` shape). The composition root (src/app.ts, src/modules.ts, src/seed.ts, src/main.ts,
// src/cli) wires modules and is not restricted.
const BOUNDARY =
  'Chỉ import module khác qua <module>.public.ts — import another module only through its public file (docs/architecture.md, "Boundaries and composition root").';
const TEST_HELPERS = '|[^/]+\\.(testutil|double)\\.js$';
/** An import from a module's own folder (depth 0) or a subfolder of it (depth 1) into another module, other than `allowed`. */
const intoModule = (depth, allowed = '') => ({
  regex: `^\\.\\./${'\\.\\./'.repeat(depth)}([^/.][^/]*)/(?!\\1\\.public\\.js$${allowed})`,
  message: BOUNDARY,
});
const platformIntoModule = (allowed = '') => ({
  regex: `^(\\.\\./)+modules/([^/]+)/(?!\\2\\.public\\.js$${allowed})`,
  message: 'src/platform không phụ thuộc module — the platform imports no module (only types of public files, e.g. in deps.ts).',
});
const platformValueFromPublic = {
  regex: '^(\\.\\./)+modules/([^/]+)/\\2\\.public\\.js$',
  message: 'src/platform imports only types from modules (import type).',
  allowTypeImports: true,
};
const restricted = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});
const TESTS = ['src/**/*.test.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  // The composition root, the CLI and the test harness: document libraries only.
  { files: ['src/**/*.ts'], ignores: [...TESTS, 'src/platform/doclibs.ts'], rules: restricted([], DOCLIBS) },
  // Modules: their own files, and files in their subfolders.
  { files: ['src/modules/*/*.ts'], ignores: TESTS, rules: restricted([intoModule(0)], DOCLIBS) },
  { files: ['src/modules/*/*/**/*.ts'], ignores: TESTS, rules: restricted([intoModule(1)], DOCLIBS) },
  { files: ['src/modules/*/*.test.ts'], rules: restricted([intoModule(0, TEST_HELPERS)]) },
  { files: ['src/modules/*/*/**/*.test.ts'], rules: restricted([intoModule(1, TEST_HELPERS)]) },
  // The platform.
  {
    files: ['src/platform/**/*.ts'],
    ignores: [...TESTS, 'src/platform/doclibs.ts'],
    rules: restricted([platformIntoModule(), platformValueFromPublic], DOCLIBS),
  },
  { files: ['src/platform/doclibs.ts'], rules: restricted([platformIntoModule(), platformValueFromPublic]) },
  { files: ['src/platform/**/*.test.ts'], rules: restricted([platformIntoModule(TEST_HELPERS)]) },
);
