/**
 * The queue-mode suite (`npm run test:queue`): a real topology (PostgreSQL, Redis, n8n main and two
 * workers) per test file, so it runs apart from `npm test`'s projects. Files run one at a time: each
 * topology takes the machine's two cores.
 */
const { resolve } = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: resolve(__dirname, '..', '..'),
	displayName: 'queue',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
	globalSetup: '<rootDir>/test/queue/global-setup.ts',
	globalTeardown: '<rootDir>/test/queue/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 300000,
};
