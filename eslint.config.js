// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Machine-learning engines: only the worker may load them (the UI stays light). */
const ML_ENGINES = [
  '@tensorflow/*',
  'onnxruntime-web',
  'onnxruntime-web/*',
  '@huggingface/*',
  '@vladmandic/*',
];
const UI_LIBS = ['preact', 'preact/*', '@preact/*', 'preact-iso'];

/**
 * @param {string} message
 * @param {string[]} group
 * @param {boolean} [allowTypeImports]
 */
const ban = (message, group, allowTypeImports = false) => ({ group, message, allowTypeImports });

/**
 * The import boundaries of shared/STYLE.md, one block per layer.
 * @type {import("eslint").Linter.Config[]}
 */
const boundaries = [
  {
    name: 'offgrid/pure-shared',
    files: ['src/shared/**', 'src/features/*/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ban('Shared code is pure data and types: it may import only other shared code.', [
              '**/app/**',
              '**/ui/**',
              '**/worker/**',
              '**/sw/**',
              '**/runtime/**',
              '**/media/**',
              '**/storage/**',
            ]),
            ban('Shared code may not depend on UI or ML libraries.', [...UI_LIBS, ...ML_ENGINES]),
          ],
        },
      ],
    },
  },
  {
    name: 'offgrid/worker',
    files: ['src/worker/**', 'src/features/*/worker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [ban('Worker code never imports the UI.', ['**/app/**', '**/ui/**', ...UI_LIBS])] },
      ],
    },
  },
  {
    name: 'offgrid/service-worker',
    files: ['src/sw/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ban('The service worker imports nothing from the UI or the inference worker.', [
              '**/app/**',
              '**/ui/**',
              '**/worker/**',
              ...UI_LIBS,
              ...ML_ENGINES,
            ]),
          ],
        },
      ],
    },
  },
  {
    name: 'offgrid/ui',
    // Page code: the UI, and the bench runners the Bench page and the bench harness share.
    files: ['src/app/**', 'src/features/*/ui/**', 'src/features/*/run/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ban(
              'UI code takes only `import type` from worker modules; call the worker through the bridge.',
              ['**/worker/**', '**/sw/**'],
              true,
            ),
            ban('ML engines run in the inference worker, never on the page.', ML_ENGINES, true),
          ],
          paths: [
            {
              name: 'uplot',
              message:
                'Import uPlot from src/app/components/uplot: it guards the locale uPlot reads as it loads.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'bench/results/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.worker, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['scripts/**', 'bench/run.mjs', 'models/**/*.mjs', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
);
