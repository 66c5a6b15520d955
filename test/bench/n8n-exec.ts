/**
 * `n8n execute --id <id> --rawOutput` exactly as the harness runs it (same binary, same environment
 * from N8nInstance.env()), but spawned here so the benchmark knows the process id and can sample its
 * memory while it runs.
 *
 * Memory: every SAMPLE_MS the sampler reads /proc/<pid>/status of the `n8n execute` process and of
 * every process below it (the task runner that runs Code nodes, and its own children). VmHWM is the
 * kernel's peak resident set of a process over its whole life, so the last reading before a process
 * exits is its peak (what happens in its last SAMPLE_MS may be missed). VmRSS is kept as a timeline to
 * find the resident set while a given node ran.
 */
import { spawn } from 'node:child_process';
import {
	closeSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseExecutionOutput, type N8nInstance, type RunData } from '../harness/n8n';
import type { JsonObject } from '../harness/workflow';

const SAMPLE_MS = 40;

export interface ProcessPeak {
	pid: number;
	command: string;
	/** Peak resident set (VmHWM), bytes. */
	hwm: number;
}

export interface MemorySample {
	at: number;
	/** VmRSS of the n8n process and of all its descendants together, bytes. */
	rss: number;
}

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
	peaks: ProcessPeak[];
	samples: MemorySample[];
	stdoutBytes: number;
}

function readStatus(pid: number): { rss: number; hwm: number } | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => {
			const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
			return match ? Number(match[1]) * 1024 : 0;
		};
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
	} catch {
		return undefined;
	}
}

function childrenOf(pid: number): number[] {
	const children: number[] = [];
	try {
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
			if (text) children.push(...text.split(/\s+/).map(Number));
		}
	} catch {
		// gone
	}
	return children;
}

function commandOf(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
			.split('\0')
			.filter(Boolean)
			.slice(-3)
			.join(' ');
	} catch {
		return '?';
	}
}

/** The process and all its descendants. */
function tree(pid: number): number[] {
	const all = [pid];
	for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]));
	return all;
}

export function executeWithMemory(
	n8n: N8nInstance,
	workflowId: string,
	options: { timeoutMs?: number; nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<ExecRun> {
	const timeoutMs = options.timeoutMs ?? 300_000;
	const started = Date.now();
	return new Promise((resolveRun, reject) => {
		// stdout and stderr go to files, not pipes: n8n exits right after printing the execution, and a
		// pipe not yet drained loses the end of a large result (seen at 50,000 items); file writes are
		// synchronous in Node, so the file always holds all of it.
		const dir = mkdtempSync(join(tmpdir(), 'amili-bench-exec-'));
		const outFile = join(dir, 'stdout');
		const errFile = join(dir, 'stderr');
		const outFd = openSync(outFile, 'w');
		const errFd = openSync(errFile, 'w');
		const child = spawn(
			n8n.runtime.nodeBin,
			[
				...(options.nodeArgs ?? []),
				n8n.runtime.n8nBin,
				'execute',
				'--id',
				workflowId,
				'--rawOutput',
			],
			{
				cwd: n8n.userFolder,
				env: { ...n8n.env(), ...options.env },
				stdio: ['ignore', outFd, errFd],
				detached: true,
			},
		);
		const pid = child.pid as number;
		const peaks = new Map<number, ProcessPeak>();
		const samples: MemorySample[] = [];
		const sample = () => {
			let rss = 0;
			for (const p of tree(pid)) {
				const status = readStatus(p);
				if (!status) continue;
				rss += status.rss;
				const known = peaks.get(p);
				if (known) known.hwm = Math.max(known.hwm, status.hwm);
				else peaks.set(p, { pid: p, command: commandOf(p), hwm: status.hwm });
			}
			if (rss > 0) samples.push({ at: Date.now(), rss });
		};
		const sampler = setInterval(sample, SAMPLE_MS);
		closeSync(outFd);
		closeSync(errFd);
		const timer = setTimeout(() => {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// gone
			}
		}, timeoutMs);
		child.once('error', (error) => {
			clearInterval(sampler);
			clearTimeout(timer);
			reject(error);
		});
		// One last reading as n8n exits, before the runner goes.
		child.once('exit', () => sample());
		child.once('close', (exitCode) => {
			clearInterval(sampler);
			clearTimeout(timer);
			// The task runner must not outlive its n8n (the harness does the same).
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// gone
			}
			const processMs = Date.now() - started;
			const stdoutBytes = statSync(outFile).size;
			const stdout = readFileSync(outFile, 'utf8');
			const stderr = readFileSync(errFile, 'utf8');
			rmSync(dir, { recursive: true, force: true });
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
			const all = [...peaks.values()];
			const main = peaks.get(pid);
			const runner = all.filter((p) => p.pid !== pid).sort((a, b) => b.hwm - a.hwm)[0];
			resolveRun({
				ok: exitCode === 0 && status === 'success' && errorMessage === undefined,
				exitCode,
				status,
				error: errorMessage,
				runData: data?.resultData?.runData ?? {},
				startedAt: time((execution as JsonObject | undefined)?.startedAt),
				stoppedAt: time((execution as JsonObject | undefined)?.stoppedAt),
				processMs,
				mainPeak: main?.hwm ?? 0,
				runnerPeak: runner?.hwm ?? 0,
				peaks: all,
				samples,
				stdoutBytes,
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

/** How many items a node emitted on its first output. */
export function itemCount(runData: RunData, node: string): number {
	return runData[node]?.[0]?.data?.main?.[0]?.length ?? 0;
}

/** The largest sampled resident set (n8n + runner together) while the given nodes ran, bytes. */
export function rssWhile(run: ExecRun, nodes: string[]): number {
	let from = Infinity;
	let to = -Infinity;
	for (const node of nodes) {
		for (const task of run.runData[node] ?? []) {
			from = Math.min(from, task.startTime);
			to = Math.max(to, task.startTime + (task.executionTime ?? 0));
		}
	}
	let peak = 0;
	for (const s of run.samples)
		if (s.at >= from && s.at <= to + SAMPLE_MS) peak = Math.max(peak, s.rss);
	return peak;
}
