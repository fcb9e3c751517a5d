// Lint rules that catch bugs and keep the code's conventions; layout is Prettier's job (svelte.configs.prettier
// turns off the rules that would fight it). Type-aware: each file is checked in the tsconfig of the context it
// runs in (page, worker, service worker, Node), as `npm run typecheck` does.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
  {
    ignores: [
      'public/generated/',
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'reports/',
      'data/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  svelte.configs.recommended,
  svelte.configs.prettier,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.json',
          './tsconfig.worker.json',
          './tsconfig.node.json',
          './tsconfig.node-browser.json',
          './src/sw/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    // Config files outside every tsconfig: checked without types.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    rules: {
      // The compilers (tsc, svelte-check) already report undefined names, with each context's globals.
      'no-undef': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      // Adapters implement async interfaces (RuntimeAdapter, workbox plugins) with bodies that need no await.
      '@typescript-eslint/require-await': 'off',
      // Flags every local Set, URL or Date in a .svelte.ts module; here they are scratch values, not state.
      'svelte/prefer-svelte-reactivity': 'off',
      // Lists here are redrawn whole, never reordered; a key would only add duplicate-key crashes (same device twice).
      'svelte/require-each-key': 'off',
    },
  },
);
