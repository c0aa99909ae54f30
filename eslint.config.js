// Lint rules: typescript-eslint's recommended set; `any` is an error, unused vars are errors
// unless prefixed with an underscore. The layers (eslint.layers.js, docs/architecture.md): each
// folder of src/ imports only the layers below it, and no product module imports src/sim/
// (ADR-014), statically or with import(); only the command that starts the demo lab may.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerRules } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  // one way down the layers, and nothing product-side into src/sim/ (eslint.layers.js)
  ...layerRules({ allowSim: ['src/cli/demo*'] }),
);
