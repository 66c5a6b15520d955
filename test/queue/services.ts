/**
 * Throwaway PostgreSQL and Redis servers for the queue-mode topology: Debian's binaries, a fresh temp
 * data folder, a free loopback port, run in the foreground as children of this process (own process
 * group), so stopping them — or this process exiting — leaves nothing behind.
 *
 *   const pg = await startPostgres();   // { host, port, database, user }, stop()
 *   const redis = await startRedis();   // { host, port }, stop()
 *
 * `.ci/run` installs the Debian packages `postgresql` and `redis-server` when they are absent.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../harness/n8n';

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

function startService(
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
async function waitForPort(
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

async function makeTempDir(prefix: string): Promise<string> {
	const dir = await fs.mkdtemp(join(tmpdir(), prefix));
	tempDirs.add(dir);
	return dir;
}

async function removeTempDir(dir: string): Promise<void> {
	await fs.rm(dir, { recursive: true, force: true });
	tempDirs.delete(dir);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** The bin folder of the newest Debian PostgreSQL (`/usr/lib/postgresql/<n>/bin`), or undefined. */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter(
			(v) =>
				existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'postgres')),
		)
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

export function redisServerBin(): string | undefined {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
		if (existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** What is missing to start the topology's servers (empty when both are installed). */
export function missingServers(): string[] {
	const missing: string[] = [];
	if (!postgresBinDir()) missing.push('postgresql (apt-get install postgresql)');
	if (!redisServerBin()) missing.push('redis-server (apt-get install redis-server)');
	return missing;
}

export interface PostgresServer {
	host: string;
	port: number;
	database: string;
	user: string;
	dataDir: string;
	process: ServiceProcess;
	/** Runs SQL through psql; returns its unaligned, tuples-only output. */
	query(sql: string): Promise<string>;
	stop(): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (runuser), in a
 * data folder that user owns. Trust authentication on loopback only; fsync off (throwaway data).
 */
export async function startPostgres(
	options: { database?: string; user?: string } = {},
): Promise<PostgresServer> {
	const bin = postgresBinDir();
	if (!bin)
		throw new Error('PostgreSQL is not installed: apt-get install postgresql (.ci/run does this)');
	const database = options.database ?? 'n8n';
	const user = options.user ?? 'n8n';
	const host = '127.0.0.1';
	const port = await freePort();
	const root = await makeTempDir('amili-queue-pg-');
	const dataDir = join(root, 'data');
	const asRoot = process.getuid?.() === 0;
	// The temp root must be enterable by the postgres user; the data folder must be owned by it.
	await fs.chmod(root, 0o755);
	await fs.mkdir(dataDir, { mode: 0o700 });
	if (asRoot) await execFileAsync('chown', ['-R', 'postgres:postgres', root]);
	const as = (command: string, args: string[]): [string, string[]] =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

	const [initCmd, initArgs] = as(join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		user,
		'--auth=trust',
		'--encoding=UTF8',
		'--no-locale',
		'--no-sync',
	]);
	try {
		await execFileAsync(initCmd, initArgs, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
	} catch (error) {
		await removeTempDir(root);
		throw new Error(`initdb failed: ${(error as Error).message}`);
	}
	const [pgCmd, pgArgs] = as(join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		root,
		'-c',
		`listen_addresses=${host}`,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const service = startService('postgres', pgCmd, pgArgs, { cwd: root });
	const query = async (sql: string, db = database): Promise<string> => {
		const { stdout } = await execFileAsync(join(bin, 'psql'), [
			'-h',
			host,
			'-p',
			String(port),
			'-U',
			user,
			'-d',
			db,
			'-X',
			'-A',
			'-t',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			sql,
		]);
		return stdout.trim();
	};
	try {
		await waitForPort(host, port, service, 30_000);
		// Accepting TCP is not accepting queries yet (startup); retry the first one briefly.
		for (let attempt = 0; ; attempt++) {
			try {
				await query(`CREATE DATABASE "${database}"`, 'postgres');
				break;
			} catch (error) {
				if (attempt >= 50) throw error;
				await sleep(200);
			}
		}
	} catch (error) {
		await service.stop('SIGQUIT', 5000);
		await removeTempDir(root);
		throw error;
	}
	return {
		host,
		port,
		database,
		user,
		dataDir,
		process: service,
		query,
		async stop() {
			// SIGINT = fast shutdown (disconnects clients, no waiting for them).
			await service.stop('SIGINT', 10_000);
			await removeTempDir(root);
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Redis

export interface RedisServer {
	host: string;
	port: number;
	process: ServiceProcess;
	stop(): Promise<void>;
}

/** redis-server on a free loopback port, no persistence, data folder in a temp dir. */
export async function startRedis(): Promise<RedisServer> {
	const bin = redisServerBin();
	if (!bin)
		throw new Error(
			'redis-server is not installed: apt-get install redis-server (.ci/run does this)',
		);
	const host = '127.0.0.1';
	const port = await freePort();
	const dir = await makeTempDir('amili-queue-redis-');
	const service = startService(
		'redis-server',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			host,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
		],
		{ cwd: dir },
	);
	try {
		await waitForPort(host, port, service, 15_000);
	} catch (error) {
		await service.stop('SIGKILL', 1000);
		await removeTempDir(dir);
		throw error;
	}
	return {
		host,
		port,
		process: service,
		async stop() {
			await service.stop('SIGTERM', 5000);
			await removeTempDir(dir);
		},
	};
}
