import base from './eslint.config.mjs';
import tseslint from 'typescript-eslint';
export default [
  ...base,
  {
    files: ['**/*.ts'],
    ignores: ['apps/console/**'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: '/work/main' } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
  },
];
