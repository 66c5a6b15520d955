/**
 * `n8n execute --id <id> --rawOutput` exactly as the harness runs it (same binary, same environment
 * from N8nInstance.env()), but spawned here so the benchmark knows the process id and can sample its
 * memory while it runs (proc-memory.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseExecutionOutput, type N8nInstance, type RunData } from '../harness/n8n';
import type { JsonObject } from '../harness/workflow';
import { TreeMemorySampler } from './proc-memory';

export interface ExecRun {
	ok: boolean;
	exitCode: number | null;
	status: string | undefined;
	error: string | undefined;
	runData: RunData;
	/** The execution's own start and stop (n8n's startedAt/stoppedAt), epoch ms. */
	startedAt: number | undefined;
	stoppedAt: number | undefined;
	/** From spawn to exit, boot and the final JSON print included. */
	processMs: number;
	/** VmHWM of the `n8n execute` process. */
	mainPeak: number;
	/** VmHWM of the task runner (the largest descendant). */
	runnerPeak: number;
	stdoutBytes: number;
}

interface ExecOptions {
	timeoutMs?: number;
	nodeArgs?: string[];
	env?: Record<string, string>;
}

/**
 * stdout and stderr go to files, not pipes: n8n exits right after printing the execution, and a pipe
 * not yet drained loses the end of a large result (seen at 50,000 items); file writes are synchronous
 * in Node, so the file always holds all of it.
 */
interface OutputFiles {
	dir: string;
	outFile: string;
	errFile: string;
	outFd: number;
	errFd: number;
}

function openOutputFiles(): OutputFiles {
	const dir = mkdtempSync(join(tmpdir(), 'amili-bench-exec-'));
	const outFile = join(dir, 'stdout');
	const errFile = join(dir, 'stderr');
	return { dir, outFile, errFile, outFd: openSync(outFile, 'w'), errFd: openSync(errFile, 'w') };
}

/** Detached: its own process group, so the task runner below it can be killed with it. */
function spawnExecute(
	n8n: N8nInstance,
	workflowId: string,
	options: ExecOptions,
	output: OutputFiles,
): ChildProcess {
	const args = [
		...(options.nodeArgs ?? []),
		n8n.runtime.n8nBin,
		'execute',
		'--id',
		workflowId,
		'--rawOutput',
	];
	return spawn(n8n.runtime.nodeBin, args, {
		cwd: n8n.userFolder,
		env: { ...n8n.env(), ...options.env },
		stdio: ['ignore', output.outFd, output.errFd],
		detached: true,
	});
}

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// gone
	}
}

/** What n8n printed, parsed into the run's outcome; the output files are removed. */
function readExecution(
	output: OutputFiles,
	exitCode: number | null,
): Omit<ExecRun, 'processMs' | 'mainPeak' | 'runnerPeak'> {
	const stdoutBytes = statSync(output.outFile).size;
	const stdout = readFileSync(output.outFile, 'utf8');
	const stderr = readFileSync(output.errFile, 'utf8');
	rmSync(output.dir, { recursive: true, force: true });
	const execution = parseExecutionOutput(stdout) ?? parseExecutionOutput(stderr);
	const data = execution?.data as
		{ resultData?: { runData?: RunData; error?: { message?: string } } } | undefined;
	const status = typeof execution?.status === 'string' ? execution.status : undefined;
	const errorMessage =
		data?.resultData?.error?.message ??
		(execution
			? undefined
			: `n8n printed no execution (exit ${exitCode}): ${(stdout + stderr).trim().split('\n').slice(-5).join(' | ')}`);
	const time = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : undefined);
	return {
		ok: exitCode === 0 && status === 'success' && errorMessage === undefined,
		exitCode,
		status,
		error: errorMessage,
		runData: data?.resultData?.runData ?? {},
		startedAt: time((execution as JsonObject | undefined)?.startedAt),
		stoppedAt: time((execution as JsonObject | undefined)?.stoppedAt),
		stdoutBytes,
	};
}

export function executeWithMemory(
	n8n: N8nInstance,
	workflowId: string,
	options: ExecOptions = {},
): Promise<ExecRun> {
	const started = Date.now();
	return new Promise((resolveRun, reject) => {
		const output = openOutputFiles();
		const child = spawnExecute(n8n, workflowId, options, output);
		const pid = child.pid as number;
		const sampler = new TreeMemorySampler(pid);
		closeSync(output.outFd);
		closeSync(output.errFd);
		const timer = setTimeout(() => killGroup(pid), options.timeoutMs ?? 300_000);
		child.once('error', (error) => {
			sampler.stop();
			clearTimeout(timer);
			reject(error);
		});
		// One last reading as n8n exits, before the runner goes.
		child.once('exit', () => sampler.sample());
		child.once('close', (exitCode) => {
			sampler.stop();
			clearTimeout(timer);
			// The task runner must not outlive its n8n (the harness does the same).
			killGroup(pid);
			const processMs = Date.now() - started;
			resolveRun({
				...readExecution(output, exitCode),
				processMs,
				...sampler.rootAndRunnerPeaks(),
			});
		});
	});
}

/** n8n's engine time of the named nodes: the sum of their executionTime, ms. */
export function engineMs(runData: RunData, nodes: string[]): number {
	let total = 0;
	for (const node of nodes) for (const run of runData[node] ?? []) total += run.executionTime ?? 0;
	return total;
}
