/**
 * A throwaway PostgreSQL for the topology (n8n's database): Debian's binaries, a fresh data folder in
 * a temp dir, a free loopback port. PostgreSQL refuses to run as root: as root, the server runs as the
 * `postgres` user (runuser), in a data folder that user owns. Trust authentication on loopback only;
 * fsync off (throwaway data).
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../harness/n8n';
import {
	makeTempDir,
	removeTempDir,
	sleep,
	startService,
	waitForPort,
	type ServiceProcess,
} from './service-process';

const execFileAsync = promisify(execFile);
const HOST = '127.0.0.1';

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

/** A command as the `postgres` user when this process is root, as itself otherwise. */
type RunAs = (command: string, args: string[]) => [string, string[]];

export async function startPostgres(
	options: { database?: string; user?: string } = {},
): Promise<PostgresServer> {
	const bin = postgresBinDir();
	if (!bin)
		throw new Error('PostgreSQL is not installed: apt-get install postgresql (.ci/run does this)');
	const database = options.database ?? 'n8n';
	const user = options.user ?? 'n8n';
	const port = await freePort();
	const asRoot = process.getuid?.() === 0;
	const as: RunAs = (command, args) =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	const { root, dataDir } = await initDataDir(bin, user, asRoot, as);
	const [pgCmd, pgArgs] = as(join(bin, 'postgres'), serverArgs(dataDir, port, root));
	const service = startService('postgres', pgCmd, pgArgs, { cwd: root });
	const query = psql(bin, port, user, database);
	try {
		await waitForPort(HOST, port, service, 30_000);
		await createDatabase(query, database);
	} catch (error) {
		await service.stop('SIGQUIT', 5000);
		await removeTempDir(root);
		throw error;
	}
	return {
		host: HOST,
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

/** A temp root holding a fresh data folder, initdb'd with `user` as its superuser. */
async function initDataDir(
	bin: string,
	user: string,
	asRoot: boolean,
	as: RunAs,
): Promise<{ root: string; dataDir: string }> {
	const root = await makeTempDir('amili-queue-pg-');
	const dataDir = join(root, 'data');
	// The temp root must be enterable by the postgres user; the data folder must be owned by it.
	await fs.chmod(root, 0o755);
	await fs.mkdir(dataDir, { mode: 0o700 });
	if (asRoot) await execFileAsync('chown', ['-R', 'postgres:postgres', root]);
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
	return { root, dataDir };
}

/** The server's arguments: loopback only, its socket in the temp root, durability off. */
function serverArgs(dataDir: string, port: number, socketDir: string): string[] {
	return [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		socketDir,
		'-c',
		`listen_addresses=${HOST}`,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	];
}

/** SQL through psql, on `database` unless another is named; unaligned, tuples-only output. */
function psql(
	bin: string,
	port: number,
	user: string,
	database: string,
): (sql: string, db?: string) => Promise<string> {
	return async (sql, db = database) => {
		const { stdout } = await execFileAsync(join(bin, 'psql'), [
			'-h',
			HOST,
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
}

/** Accepting TCP is not accepting queries yet (startup); retries the first one briefly. */
async function createDatabase(
	query: (sql: string, db?: string) => Promise<string>,
	database: string,
): Promise<void> {
	for (let attempt = 0; ; attempt++) {
		try {
			await query(`CREATE DATABASE "${database}"`, 'postgres');
			return;
		} catch (error) {
			if (attempt >= 50) throw error;
			await sleep(200);
		}
	}
}
