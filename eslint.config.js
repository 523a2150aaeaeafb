// Lint rules: typescript-eslint's recommended type-aware set, and the layer order of docs/architecture.md
// (imports point down: cli -> commands -> {server, dashboard, installer, diagnostics, db, templates} ->
// {roles, core} -> store; ui is for commands only).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Source folders above `layer`, which it must not import. */
const LAYERS = {
  store: ['core', 'roles', 'templates', 'server', 'dashboard', 'installer', 'diagnostics', 'db', 'commands', 'ui'],
  core: ['roles', 'templates', 'server', 'dashboard', 'installer', 'diagnostics', 'db', 'commands', 'ui'],
  roles: ['templates', 'server', 'dashboard', 'installer', 'diagnostics', 'db', 'commands', 'ui'],
  templates: ['server', 'dashboard', 'installer', 'diagnostics', 'db', 'commands', 'ui'],
  installer: ['core', 'roles', 'templates', 'server', 'dashboard', 'diagnostics', 'db', 'commands', 'ui'],
  server: ['dashboard', 'installer', 'diagnostics', 'db', 'commands', 'ui'],
  db: ['server', 'dashboard', 'installer', 'diagnostics', 'commands', 'ui'],
  diagnostics: ['server', 'dashboard', 'db', 'commands', 'ui'],
  dashboard: ['installer', 'diagnostics', 'db', 'commands', 'ui'],
};

/** Libraries of the faces, which the domain never loads. */
const FACE_LIBRARIES = ['commander', 'chalk', '@inquirer/*', '@modelcontextprotocol/*', 'execa'];

const layerRules = Object.entries(LAYERS).map(([layer, above]) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...above.map((folder) => ({
            group: [`**/${folder}/*`, `**/${folder}/**`],
            message: `src/${layer} is below src/${folder}: imports point down (docs/architecture.md).`,
          })),
          ...(['store', 'core', 'roles', 'templates'].includes(layer)
            ? [{ group: FACE_LIBRARIES, message: `src/${layer} is the domain: the libraries of the faces stay out of it.` }]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/dashboard/web/vendor/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `typeof import('./handlers.js')` types a module that loads only when its command runs.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'always'],
    },
  },
  // TypeScript checks names itself.
  { files: ['**/*.ts'], rules: { 'no-undef': 'off' } },
  // The dashboard's page, and the functions benchmarks run inside it.
  {
    files: ['src/dashboard/web/**/*.js', 'bench/suites/dashboard.mjs', 'test/dashboard/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  // Tests and scripts read raw protocol answers and terminal output (escape codes and all).
  { files: ['test/**', 'scripts/**'], rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-control-regex': 'off' } },
  // CommonJS files (preloads for `node -r`) require what they use.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  ...layerRules,
);
