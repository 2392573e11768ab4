// ESLint flat config: TypeScript rules, React hooks, and the boundaries between the layers.
// The layers (see README, "How the code is laid out"):
//   renderer/  the page: never imports electron/, the electron package or Node built-ins;
//   shared/    imported by both sides: imports only from shared/ (and packages that run anywhere);
//   the data side (router, document session, settings, db/, services/, the web host and the
//   static files it shares with app://) runs in plain Node, in the worker and the browser host:
//   it never imports the electron package.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NODE_BUILTIN = `^(node:.*|(${nodeBuiltins.map(escape).join('|')})(/.*)?)$`;

const noNode = {
  regex: NODE_BUILTIN,
  message: 'Node built-ins are not available here: this code runs in the page or on both sides.',
};
const noElectronPackage = {
  regex: '^electron(/.*)?$',
  message: 'Only the desktop shell (electron/*.ts outside the data side) imports electron.',
};

/** Boundary rules as no-restricted-imports patterns, so one rule reports every layer. */
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export const boundaries = {
  renderer: restrict(
    { regex: '(^|/)electron(/|$)', message: 'The renderer talks to the data side only through renderer/src/api/client.ts.' },
    { regex: '(^|/)(scripts|tests)(/|$)', message: 'The renderer does not import scripts or tests.' },
    noNode,
  ),
  shared: restrict(
    { regex: '^\\.\\./\\.\\./', message: 'shared/ imports only from shared/ (at most one folder up from shared/x/).' },
    { regex: '(^|/)(electron|renderer|scripts|tests|resources)(/|$)', message: 'shared/ imports only from shared/.' },
    {
      regex: '^(react|react-dom|leaflet|react-leaflet|better-sqlite3|exceljs|papaparse)(/.*)?$',
      message: 'shared/ runs on both sides: no UI, database or file libraries.',
    },
    noNode,
  ),
  dataSide: restrict(noElectronPackage, { regex: '(^|/)renderer(/|$)', message: 'The data side does not import the renderer.' }),
};

/** The top-level shared/ files import siblings as ./x; shared/x/y.ts may go up one level only. */
const topLevelShared = restrict(
  { regex: '^\\.\\./', message: 'shared/ imports only from shared/.' },
  ...boundaries.shared['no-restricted-imports'][1].patterns.slice(1),
);

export default tseslint.config(
  {
    ignores: ['out/', 'dist/', '.cache/', 'node_modules/', 'test-results/', 'resources/generated/', 'tests/fixtures/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware where it is cheap and catches real bugs: a promise nobody waits for or catches.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { ...reactHooks.configs['recommended-latest'].rules, 'react-hooks/exhaustive-deps': 'error', ...boundaries.renderer },
  },
  { files: ['shared/*/**/*.ts'], rules: boundaries.shared },
  { files: ['shared/*.ts'], rules: topLevelShared },
  {
    files: [
      'electron/router.ts',
      'electron/routing.ts',
      'electron/document-session.ts',
      'electron/settings.ts',
      'electron/data-worker/**/*.ts',
      'electron/db/**/*.ts',
      'electron/services/**/*.ts',
      'electron/transport/web-host*.ts',
      'electron/transport/static-files.ts',
    ],
    rules: boundaries.dataSide,
  },
);
