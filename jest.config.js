// Two Jest projects: `unit` (pure logic, no infrastructure) and `integration` (real Kafka and
// PostgreSQL, started once per run by libs/testing/src/global-setup.ts). Integration tests are
// `*.int.spec.ts` next to the code, and whole-system scenarios in tests/e2e.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
  // jose ships only ES modules; Node loads them natively at run time, Jest needs them as CommonJS.
  '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};

const shared = { rootDir: '.', transform, transformIgnorePatterns: ['/node_modules/(?!jose/)'], moduleNameMapper, testEnvironment: 'node' };

/** @type {import('jest').Config} */
const config = {
  // A global option: Jest ignores it inside `projects`. Generous for the integration tests: a test
  // that takes seconds alone took over a minute in fresh-clone CI runs with every suite at once on
  // a slower machine (2026-12-07); unit tests finish in milliseconds either way.
  testTimeout: 180_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/services/**/*.spec.ts',
        '<rootDir>/apps/cli/**/*.spec.ts',
        '<rootDir>/tests/build/**/*.spec.ts',
      ],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.spec.ts', '<rootDir>/tests/e2e/**/*.e2e.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
};

// The fault suite (tests/faults, `npm run test:faults`): each scenario file starts and stops its own
// PostgreSQL and Kafka; its global setup only prepares what they all start from (the build, a
// migrated seed cluster: tests/faults/support/run-resources.ts). It runs only when asked for (IPLEDGER_FAULTS=1, set by
// scripts/test-faults.mjs): plain `jest` and `npm test` leave it out.
if (process.env.IPLEDGER_FAULTS === '1') {
  config.projects.push({
    ...shared,
    displayName: 'faults',
    testMatch: ['<rootDir>/tests/faults/**/*.faults.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    globalSetup: '<rootDir>/tests/faults/support/global-setup.ts',
    globalTeardown: '<rootDir>/tests/faults/support/global-teardown.ts',
  });
}

module.exports = config;
