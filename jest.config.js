/** Two projects: pure unit tests (fast, no n8n) and workflow tests that run the built package inside a real n8n. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/simulator/**/*.test.ts'],
		},
		{
			displayName: 'n8n',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
			globalSetup: '<rootDir>/test/harness/global-setup.ts',
			globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
		},
	],
	// The summary reporter's line, `N passed, N failed`, is the last thing npm test prints.
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
	// Jest reads the timeout only at the top level; a real n8n run takes seconds, a cold one more.
	testTimeout: 180000,
};
