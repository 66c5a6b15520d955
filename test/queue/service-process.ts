/**
 * The topology's long-running children (PostgreSQL, Redis, n8n workers): each in its own process
 * group with its output kept for error messages, killed with its group when stopped or when this
 * process exits; and the temp folders they use, removed the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Children of this process that must not outlive it (process groups, killed on exit). */
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.once('exit', () => {
	for (const child of live) killGroup(child, 'SIGKILL');
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

export function groupAlive(pid: number | undefined): boolean {
	if (pid === undefined) return false;
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** A long-running child in its own process group, with its output kept (tail) for error messages. */
export class ServiceProcess {
	output = '';
	readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	private done = false;

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
	) {
		live.add(child);
		const keep = (chunk: string) => {
			this.output += chunk;
			if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
		};
		child.stdout?.setEncoding('utf8').on('data', keep);
		child.stderr?.setEncoding('utf8').on('data', keep);
		this.exited = new Promise((resolveExit) =>
			child.once('close', (code, signal) => {
				this.done = true;
				live.delete(child);
				resolveExit({ code, signal });
			}),
		);
	}

	get running(): boolean {
		return !this.done;
	}

	/** `signal` to the group, wait up to `graceMs`, then SIGKILL the group; resolves once it is gone. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
		const pid = this.child.pid;
		if (this.done) {
			// The leader is gone; make sure no straggler of its group is left.
			killGroup(this.child, 'SIGKILL');
			return;
		}
		killGroup(this.child, signal);
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<'timeout'>(
			(r) => (timer = setTimeout(() => r('timeout'), graceMs)),
		);
		const outcome = await Promise.race([this.exited, timeout]);
		clearTimeout(timer);
		if (outcome === 'timeout') killGroup(this.child, 'SIGKILL');
		await this.exited;
		for (let i = 0; i < 30 && groupAlive(pid); i++) await sleep(100);
		if (groupAlive(pid)) killGroup(this.child, 'SIGKILL');
	}

	tail(lines = 30): string {
		return this.output.trim().split('\n').slice(-lines).join('\n');
	}
}

export function startService(
	name: string,
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ServiceProcess {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	return new ServiceProcess(name, child);
}

/** Resolves once something accepts TCP connections on host:port; throws if `service` exits first. */
export async function waitForPort(
	host: string,
	port: number,
	service: ServiceProcess,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!service.running)
			throw new Error(`${service.name} exited before it listened on ${port}:\n${service.tail()}`);
		const open = await new Promise<boolean>((resolveOpen) => {
			const socket = connect({ host, port });
			socket.once('connect', () => {
				socket.destroy();
				resolveOpen(true);
			});
			socket.once('error', () => resolveOpen(false));
		});
		if (open) return;
		await sleep(100);
	}
	throw new Error(
		`${service.name} did not listen on ${host}:${port} within ${timeoutMs} ms:\n${service.tail()}`,
	);
}

export async function makeTempDir(prefix: string): Promise<string> {
	const dir = await fs.mkdtemp(join(tmpdir(), prefix));
	tempDirs.add(dir);
	return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
	await fs.rm(dir, { recursive: true, force: true });
	tempDirs.delete(dir);
}
