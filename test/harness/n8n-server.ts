/**
 * `n8n start` in the background: spawned with its output kept (in memory or in a log file), ready once
 * it answers its health check and its REST API, stopped with its task runner.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

import { groupAlive, killGroup, sleep, spawnN8n, tail } from './n8n-processes';
import { DEFAULT_RUNTIME, type Runtime } from './runtime';

/** Where the server's output goes: appended to `logFile` when given, else to `log`. */
export interface ServerOutput {
	logFile: string | undefined;
	log: { stdout: string; stderr: string };
}

/** A running `n8n start`. */
export interface ServerProcess {
	child: ChildProcess;
	/** Resolves when the process has closed. */
	exit: Promise<void>;
	readonly exited: boolean;
}

/** The server's output so far. */
export function readServerOutput(output: ServerOutput): string {
	if (output.logFile) {
		try {
			return readFileSync(output.logFile, 'utf8');
		} catch {
			return '';
		}
	}
	return output.log.stdout + output.log.stderr;
}

/** Spawns `n8n start`; its output goes where `output` says. */
export function spawnServer(
	runtime: Runtime,
	options: { cwd: string; env: NodeJS.ProcessEnv; output: ServerOutput },
): ServerProcess {
	const child = spawnN8n(runtime, ['start'], options);
	const { output } = options;
	if (output.logFile) {
		const file = createWriteStream(output.logFile, { flags: 'a' });
		child.stdout?.pipe(file, { end: false });
		child.stderr?.pipe(file, { end: false });
		child.once('close', () => file.end());
	} else {
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output.log.stdout += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.log.stderr += chunk));
	}
	let exited = false;
	const exit = new Promise<void>((resolveExit) =>
		child.once('close', () => {
			exited = true;
			resolveExit();
		}),
	);
	return {
		child,
		exit,
		get exited() {
			return exited;
		},
	};
}

/**
 * Resolves once /healthz/readiness answers 200 (and the REST API is mounted). Throws when the server
 * exits first, or (after stopping it) when it is not ready within timeoutMs.
 */
export async function waitUntilReady(
	server: ServerProcess,
	target: { baseUrl: string; runtime: Runtime; output: ServerOutput },
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (server.exited) {
			throw new Error(
				`n8n start exited before it was ready:\n${tail(readServerOutput(target.output))}`,
			);
		}
		try {
			const response = await fetch(`${target.baseUrl}/healthz/readiness`, {
				signal: AbortSignal.timeout(2000),
			});
			if (response.status === 200 && (await restMounted(target.baseUrl, target.runtime))) return;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	await stopServer(server);
	throw new Error(
		`n8n start was not ready within ${timeoutMs} ms:\n${tail(readServerOutput(target.output))}`,
	);
}

/**
 * n8n 1.123 and 2.0 answer /healthz/readiness with 200 before they have mounted their REST
 * controllers (a POST to /rest/owner/setup then gets express's 404): there, also wait for
 * /rest/settings. 2.41 mounts them first.
 */
async function restMounted(baseUrl: string, runtime: Runtime): Promise<boolean> {
	if (runtime.id === DEFAULT_RUNTIME) return true;
	const response = await fetch(`${baseUrl}/rest/settings`, {
		signal: AbortSignal.timeout(2000),
	});
	return response.status === 200;
}

/** SIGTERM, wait for n8n (and its task runner) to exit; SIGKILL whatever is left after 15 s. */
export async function stopServer(server: ServerProcess): Promise<void> {
	const { child } = server;
	if (child.pid === undefined) return;
	const pid = child.pid;
	child.kill('SIGTERM');
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 15_000)));
	const outcome = await Promise.race([server.exit, timeout]);
	clearTimeout(timer);
	if (outcome === 'timeout') killGroup(child, 'SIGKILL');
	await server.exit;
	for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
	if (groupAlive(pid)) killGroup(child, 'SIGKILL');
}
