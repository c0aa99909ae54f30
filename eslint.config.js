// Lint rules: typescript-eslint's recommended set; `any` is an error, unused vars are errors
// unless prefixed with an underscore. The demo boundary (ADR-014): no product module imports
// src/sim/, statically or with import(); only the command that starts the demo lab may.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/sim/**', 'src/cli/demo*'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)sim(/|$)', message: 'product code reaches the demo lab only through its endpoints file (src/config/endpoints.ts), never by importing src/sim/ (ADR-014)' }] }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/(^|\\/)sim(\\/|$)/]', message: 'product code reaches the demo lab only through its endpoints file (src/config/endpoints.ts), never by importing src/sim/ (ADR-014)' }],
    },
  },
);
