/**
 * A jest reporter whose output ends with exactly one machine-readable line, `N passed, N failed`.
 * Failed counts failed tests plus test files that could not run at all (a syntax error, a throwing
 * import). Jest runs custom reporters before its own summary, so the line is written when the
 * process exits, after everything jest prints (synchronously: nothing may be lost at exit).
 */
const { writeSync } = require('node:fs');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const passed = results.numPassedTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const line = `${passed} passed, ${failed} failed\n`;
		if (this.registered) {
			this.line = line;
			return;
		}
		this.registered = true;
		this.line = line;
		process.once('exit', () => {
			try {
				writeSync(1, this.line);
			} catch {
				process.stdout.write(this.line);
			}
		});
	}
}

module.exports = SummaryReporter;
