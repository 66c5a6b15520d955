/**
 * Runs an editor test file N times in a row, alone, and says how many runs passed and how long
 * each took: the measure of how flaky a browser test is on this machine.
 *
 *   npm run test:editor:repeat                     # build, then 10 runs of editor-flow.test.ts
 *   npm run test:editor:repeat -- 5 test/workflows/editor.test.ts
 *   npx tsx test/scripts/repeat-editor.ts 10       # without building first
 *
 * Defaults: 10 runs of test/workflows/editor-flow.test.ts. Each run is
 * `npx jest <file> --selectProjects n8n` (the path first: --selectProjects takes every word after
 * it as a project name). Each run's output is kept in .artifacts/repeat-editor/<file>-<n>.log, and a
 * failed run's failing tests are printed. Exits 1 when any run failed.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

import { REPO_ROOT } from '../harness/runtime';

const LOGS = join(REPO_ROOT, '.artifacts', 'repeat-editor');

interface Run {
	ok: boolean;
	seconds: number;
	failed: string[];
}

/** One jest run of `file`; its output goes to `log`. */
function runOnce(file: string, log: string): Promise<Run> {
	const started = Date.now();
	return new Promise((resolve) => {
		const out = createWriteStream(log);
		const failed: string[] = [];
		const child = spawn('npx', ['jest', file, '--selectProjects', 'n8n'], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const keep = (chunk: Buffer) => {
			out.write(chunk);
			for (const line of chunk.toString('utf8').split('\n')) {
				if (line.includes('✕')) failed.push(line.trim());
			}
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.once('close', (code) => {
			out.end();
			resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000, failed });
		});
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
	const [count = '10', file = 'test/workflows/editor-flow.test.ts'] = process.argv.slice(2);
	const runs = Number(count);
	if (!Number.isInteger(runs) || runs < 1) throw new Error(`not a number of runs: ${count}`);
	mkdirSync(LOGS, { recursive: true });
	const results: Run[] = [];
	for (let n = 1; n <= runs; n++) {
		const log = join(LOGS, `${basename(file, '.test.ts')}-${n}.log`);
		const run = await runOnce(file, log);
		results.push(run);
		console.log(`run ${n}/${runs}: ${run.ok ? 'passed' : 'FAILED'} in ${run.seconds.toFixed(1)} s`);
		for (const line of run.failed) console.log(`    ${line}`);
		if (!run.ok) console.log(`    output: ${log}`);
	}
	const passed = results.filter((r) => r.ok).length;
	const seconds = results.map((r) => r.seconds);
	console.log(
		`${file}: ${passed} of ${runs} runs passed; time per run median ${median(seconds).toFixed(1)} s, ` +
			`min ${Math.min(...seconds).toFixed(1)} s, max ${Math.max(...seconds).toFixed(1)} s`,
	);
	if (passed < runs) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
