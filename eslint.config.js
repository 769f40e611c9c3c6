// ESLint flat config: typescript-eslint's recommended rules for the server, web app, benches and browser tests.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // The server loads the document libraries on first use (src/platform/doclibs.ts keeps ~55 MB
    // out of an idle server); tests may import them directly.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/platform/doclibs.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['exceljs', 'pdfkit', 'qrcode'].map((name) => ({
          name,
          message: 'Dùng src/platform/doclibs.ts (nạp khi cần) — load it on first use through src/platform/doclibs.ts.',
          allowTypeImports: true,
        })),
      }],
    },
  },
);
