/**
 * Projects: pure unit tests (fast, no n8n); workflow tests that run the built package inside a real
 * n8n 2.41.1; and the compatibility projects, which run the same workflow test files (all but the
 * editor's) inside n8n 1.123.81 and 2.0.3 (test/harness/runtime.ts's RUNTIMES), plus test/compat/.
 * `npx jest --selectProjects compat-n8n-1.123` runs one line alone.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

/**
 * The workflow test files every n8n line runs (editor.test.ts drives 2.41.1's editor UI, so not it);
 * inside them, `newestLineOnly` tests (test/harness/lines.ts) run on 2.41.1 alone.
 */
const COMPAT_TESTS = [
	'<rootDir>/test/compat/**/*.test.ts',
	'<rootDir>/test/workflows/payment.test.ts',
	'<rootDir>/test/workflows/amili-node.test.ts',
	'<rootDir>/test/workflows/reliability.test.ts',
	'<rootDir>/test/workflows/never-twice.test.ts',
	'<rootDir>/test/workflows/trigger-webhook.test.ts',
	'<rootDir>/test/workflows/trigger-polling.test.ts',
	// The README's npm install on every line (~30 s a line: one n8n start, one run); the update and the
	// uninstall run on 2.41.1 alone.
	'<rootDir>/test/workflows/registry-install.test.ts',
];

/** A project running COMPAT_TESTS on one runtime (its id is read by test/harness/runtime.ts). */
const compatProject = (runtime) => ({
	displayName: `compat-n8n-${runtime}`,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: COMPAT_TESTS,
	globals: { AMILI_N8N_RUNTIME: runtime },
	// A module of its own per runtime: jest runs each globalSetup/globalTeardown path once per run.
	globalSetup: `<rootDir>/test/compat/hooks/setup-${runtime}.ts`,
	globalTeardown: `<rootDir>/test/compat/hooks/teardown-${runtime}.ts`,
});

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
		compatProject('1.123'),
		compatProject('2.0'),
	],
	// The summary reporter's line, `N passed, N failed`, is the last thing npm test prints.
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
	// Jest reads the timeout only at the top level; a real n8n run takes seconds, a cold one more.
	testTimeout: 180000,
};
