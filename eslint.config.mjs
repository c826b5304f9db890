// Lint: n8n's own community-node rules (the config `n8n-node lint` runs) on the n8n layer (nodes/,
// credentials/, package.json), and the general JavaScript and TypeScript rules everywhere else.
import js from '@eslint/js';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

// The library knows nothing of n8n: it throws its own typed errors, which the nodes turn into
// NodeApiError/NodeOperationError (nodes/shared/node-errors.ts), and its tools print to the console;
// stack/ runs n8n itself as a child process (npm start, the end-to-end tests), outside any node.
// n8n's node rules are written for node code, so they apply to the n8n layer only.
const notN8nCode = ['index.ts', 'dsl/**', 'domain/**', 'tiktok/**', 'viral/**', 'shipping/**', 'stack/**', 'bench/**', 'scripts/**', 'test/**'];
const isGlobalIgnore = (config) => Object.keys(config).every((key) => key === 'ignores' || key === 'name');

export default [
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  // Without n8n Cloud support: this package targets self-hosted n8n. The Cloud-only rules
  // (no-restricted-imports, no-restricted-globals) forbid Node built-ins and timers, which the
  // PostgreSQL driver, the webhook signature check and the label renderer need.
  ...configWithoutCloudSupport.map((config) => (isGlobalIgnore(config) ? config : { ...config, ignores: [...(config.ignores ?? []), ...notN8nCode] })),
  {
    files: ['package.json'],
    rules: {
      // Deliberate: pg, chevrotain, zod, pdfkit and bwip-js are runtime dependencies; n8n
      // installs them with the package on self-hosted instances.
      '@n8n/community-nodes/no-runtime-dependencies': 'off',
    },
  },
  ...tseslint.config({
    files: notN8nCode.map((pattern) => (pattern.endsWith('**') ? `${pattern}/*.ts` : pattern)),
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // As TypeScript's noUnusedLocals/Parameters: a leading underscore marks a value left unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  }),
];
