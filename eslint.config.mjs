// Lint: TypeScript rules plus Nx module boundaries. Tags (project.json) decide who may import whom:
// services import libs, never another service; libs/contracts imports nothing of ours.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.nx/**',
      '.ipledger/**',
      // Scratch space: the fault suite's build of the services, test output.
      'tmp/**',
      'test-artifacts/**',
      'libs/db/src/generated/**',
      'services/*/src/generated/**',
      'coverage/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:util', 'type:contracts'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:util', 'type:contracts'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:util', 'type:contracts'] },
            // The web console (apps/console) runs in the browser: at most the contracts' types.
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:contracts'] },
            // The workspace's own scripts (scripts/project.json: the whole-tree checks of npm test): start, seed, benchmark.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:lib', 'type:util', 'type:contracts'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:lib', 'type:util', 'type:contracts'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:lib', 'type:util', 'type:contracts'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(only|skip)$/][callee.object.name=/^(it|test|describe)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    // Type-aware rules (each file checked against its own tsconfig.json): a promise nobody awaits
    // or handles is a lost failure (kafkajs callbacks, timers, event handlers), so it must be
    // awaited, returned, or marked `void` on purpose.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Each service's generated Prisma client is reached through its own src/database.ts only
    // (another service's is out of reach already: the Nx boundaries forbid relative imports
    // across projects). libs/db/src/generated is the model-less client, libs/db's own.
    files: ['**/*.ts'],
    ignores: ['services/*/src/database.ts', 'libs/db/src/prisma-client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/generated', '**/generated/*', '@ipledger/db/*'],
              message: "Import the service's own client from its src/database.ts (and shared helpers from @ipledger/db).",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may also use the test helpers (and the local infrastructure they start); so may the
    // test-support folders, which only specs import.
    files: ['**/*.spec.ts', '**/test-support/**/*.ts', 'tests/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: '*', onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:lib', 'type:util', 'type:contracts'] },
          ],
        },
      ],
    },
  },
];
