// Lint for what the compiler does not check: the rules of hooks (a hook in a condition or a
// loop, an effect that reads a value it does not list) and leftovers (unused names). No
// type-aware rules, and `npm run lint` keeps a cache: `npm test` runs it in a few seconds.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'coverage/'] },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // React code. Test files are left out: their `useTempDirs()`-style helpers register vitest
    // hooks at the top of a file, which the rules of hooks would take for React hooks.
    files: ['src/**/*.{ts,tsx}', 'test/**/*.tsx', 'testing/**/*.ts'],
    ignores: ['test/**/*.test.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
