/**
 * The n8n processes the harness spawns: each in its own process group (so its task runner goes with
 * it), all killed when this process exits; free ports for them; one `n8n <command>` run to completion;
 * the runtime's Node version.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

import type { Runtime } from './runtime';
import type { CommandLog } from './n8n-types';

const live = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of live) killGroup(child, 'SIGKILL');
});
// An interrupted run (Ctrl-C, a CI timeout) must not leave n8n processes behind either.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

export function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The last lines of a process's output, for error messages. */
export function tail(text: string, lines = 40): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

export function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
	return new Promise((resolveInUse) => {
		const server = createServer();
		server.once('error', () => resolveInUse(true));
		server.listen(port, '127.0.0.1', () => server.close(() => resolveInUse(false)));
	});
}

/** Spawns `n8n <args>` in its own process group, tracked so it dies with this process. */
export function spawnN8n(
	runtime: Runtime,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv },
): ChildProcess {
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	live.add(child);
	child.once('close', () => live.delete(child));
	return child;
}

/** Runs `n8n <args>` to completion (SIGKILLed after timeoutMs), with its output. */
export function runN8nCommand(
	runtime: Runtime,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandLog> {
	const started = Date.now();
	return new Promise((resolveRun, reject) => {
		const child = spawnN8n(runtime, args, options);
		let stdout = '';
		let stderr = '';
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, options.timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			live.delete(child);
			reject(error);
		});
		child.once('close', (exitCode, signal) => {
			clearTimeout(timer);
			// The task runner it started must not outlive it.
			killGroup(child, 'SIGKILL');
			if (timedOut) {
				stderr += `\n[harness] n8n ${args.join(' ')} killed after ${options.timeoutMs} ms\n`;
			}
			const command = `n8n ${args.join(' ')}`;
			resolveRun({ command, stdout, stderr, exitCode, signal, durationMs: Date.now() - started });
		});
	});
}

/** `node --version` of the Node a runtime's n8n runs on (e.g. 'v22.23.5'). */
export async function nodeVersion(runtime: Runtime): Promise<string> {
	const { stdout } = await promisify(execFile)(runtime.nodeBin, ['--version']);
	return stdout.trim();
}
