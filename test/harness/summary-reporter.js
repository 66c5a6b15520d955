/**
 * A jest reporter whose output ends with exactly one machine-readable line, `N passed, N failed`.
 * Failed counts failed tests plus test files that could not run at all (a syntax error, a throwing
 * import, a failed globalSetup leaves none of its tests counted as passed).
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const passed = results.numPassedTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		process.stdout.write(`${passed} passed, ${failed} failed\n`);
	}
}

module.exports = SummaryReporter;
