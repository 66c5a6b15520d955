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
	// Jest reads the timeout only at the top level; a real n8n run takes seconds, a cold one more.
	testTimeout: 180000,
};
