// Chevrotain >= 11 is ESM-only; jest's CommonJS loader needs its sources mapped and transformed.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // One real PostgreSQL for the whole run; see test/global-setup.mjs.
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true, isolatedModules: true } }],
  },
  moduleNameMapper: {
    '^chevrotain$': '<rootDir>/node_modules/chevrotain/lib/src/api.js',
    '^@chevrotain/([a-z-]+)$': '<rootDir>/node_modules/@chevrotain/$1/lib/src/api.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(chevrotain|@chevrotain|lodash-es)/)'],
};
