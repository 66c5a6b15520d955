/**
 * A local npm registry, so tests install the package the way the README tells users to: published
 * as .github/workflows/publish.yml publishes it, then `npm install n8n-nodes-amili` in
 * `<user folder>/.n8n/nodes`.
 *
 *   const registry = await LocalRegistry.start();          // Verdaccio on 127.0.0.1, ~1 s
 *   await registry.publish(await packedTarball());          // npm publish, as a logged-in user
 *   await npmInstall(nodesFolder(n8n.userFolder), [PACKAGE_NAME], registry.url);
 *   await registry.stop();
 *
 * Verdaccio runs with no uplinks: it serves only what was published to it, so an install that
 * wants anything besides our package (a required peer such as n8n-workflow) fails with a 404
 * instead of quietly fetching it from the internet. Its storage is a temp folder, removed on stop.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort, groupAlive, killGroup, sleep, tail } from './n8n-processes';
import { PACKAGE_NAME, packedTarball } from './pack';
import { REPO_ROOT } from './runtime-paths';

const execFileAsync = promisify(execFile);

/** Set by a suite's global setup: the registry its test files install from (the queue suite's). */
export const REGISTRY_URL_ENV = 'AMILI_REGISTRY_URL';

export interface NpmRun {
	command: string;
	exitCode: number | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** Where n8n looks for community packages, and where the README says to run `npm install`. */
export function nodesFolder(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

/**
 * The environment for npm: ours without the `npm_*` variables that `npm run`/`npx` export (among
 * them this repo's .npmrc settings, e.g. provenance=true, and its local prefix, which would point
 * npm back at the repo), and without the prompts and reports that need the public registry.
 */
function npmEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || ['INIT_CWD', 'NODE_OPTIONS'].includes(key)) continue;
		env[key] = value;
	}
	return {
		...env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

/**
 * `npm <args>` in `cwd` against `registry`, with a userconfig of our own (empty unless given), so
 * neither this repo's .npmrc nor the machine's ~/.npmrc changes what npm does, and a cache of its
 * own, removed afterwards (never the user's ~/.npm; an exit handler would not run in a jest worker
 * that is torn down).
 */
export async function runNpm(
	cwd: string,
	args: string[],
	options: { registry: string; userconfig?: string },
): Promise<NpmRun> {
	const cache = await fs.mkdtemp(join(tmpdir(), 'amili-npm-cache-'));
	const userconfig = options.userconfig ?? join(cache, 'empty.npmrc');
	if (!options.userconfig) await fs.writeFile(userconfig, '');
	const all = [...args, '--registry', options.registry, '--userconfig', userconfig];
	const started = Date.now();
	const command = `npm ${args.join(' ')}`;
	try {
		const { stdout, stderr } = await execFileAsync('npm', [...all, '--cache', cache], {
			cwd,
			env: npmEnv(),
			maxBuffer: 16 * 1024 * 1024,
		});
		return { command, exitCode: 0, stdout, stderr, durationMs: Date.now() - started };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		const exitCode = typeof failed.code === 'number' ? failed.code : null;
		const { stdout = '', stderr = '' } = failed;
		return { command, exitCode, stdout, stderr, durationMs: Date.now() - started };
	} finally {
		await fs.rm(cache, { recursive: true, force: true });
	}
}

/**
 * `npm install <specs>` in an n8n nodes folder (created first, as `mkdir -p ~/.n8n/nodes` would),
 * exactly the README's command plus `--registry`. Throws with npm's output when it fails.
 */
export async function npmInstall(
	nodesDir: string,
	specs: string[],
	registry: string,
	verb: 'install' | 'uninstall' = 'install',
): Promise<NpmRun> {
	await fs.mkdir(nodesDir, { recursive: true });
	const run = await runNpm(nodesDir, [verb, ...specs], { registry });
	if (run.exitCode !== 0) {
		throw new Error(`${run.command} in ${nodesDir} failed (${run.exitCode}):\n${tail(run.stderr)}`);
	}
	return run;
}

/** The packages in a folder's node_modules (`@scope/name` for scoped ones), sorted. */
export function installedPackages(nodesDir: string): string[] {
	const modules = join(nodesDir, 'node_modules');
	if (!existsSync(modules)) return [];
	return readdirSync(modules)
		.filter((name) => !name.startsWith('.'))
		.flatMap((name) =>
			name.startsWith('@')
				? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`)
				: [name],
		)
		.sort();
}

/** Verdaccio's configuration: its own storage and users, no uplinks, anyone may read and publish. */
function verdaccioConfig(root: string): Record<string, unknown> {
	return {
		storage: join(root, 'storage'),
		uplinks: {},
		packages: { '**': { access: '$all', publish: '$all' } },
		auth: { htpasswd: { file: join(root, 'htpasswd'), max_users: 10 } },
		web: { enable: false },
		log: { type: 'stdout', format: 'json', level: 'warn' },
	};
}

/** Verdaccio on loopback, its storage, and a publishing user's npm config. */
export class LocalRegistry {
	private output = '';
	private exited: Promise<void>;

	private constructor(
		readonly url: string,
		readonly root: string,
		private readonly child: ChildProcess,
		private userconfig = '',
	) {
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
		// Synchronous: nothing asynchronous runs once the process is exiting.
		process.once('exit', () => {
			killGroup(child, 'SIGKILL');
			rmSync(root, { recursive: true, force: true });
		});
	}

	/** Starts Verdaccio on a free loopback port (on this Node) and creates a publishing user. */
	static async start(timeoutMs = 30_000): Promise<LocalRegistry> {
		const root = await fs.mkdtemp(join(tmpdir(), 'amili-registry-'));
		const config = join(root, 'config.yaml');
		// JSON is YAML: Verdaccio reads it as its config file.
		await fs.writeFile(config, JSON.stringify(verdaccioConfig(root), null, 2));
		const port = await freePort();
		const bin = join(REPO_ROOT, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
		const child = spawn(
			process.execPath,
			[bin, '--config', config, '--listen', `127.0.0.1:${port}`],
			{ cwd: root, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
		);
		const registry = new LocalRegistry(`http://127.0.0.1:${port}/`, root, child);
		try {
			await registry.waitUntilReady(timeoutMs);
			await registry.createUser();
		} catch (error) {
			await registry.stop();
			throw error;
		}
		return registry;
	}

	private async waitUntilReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child.exitCode !== null || this.child.signalCode !== null)
				throw new Error(`Verdaccio exited before it was ready:\n${tail(this.output)}`);
			try {
				const response = await fetch(`${this.url}-/ping`, { signal: AbortSignal.timeout(2000) });
				if (response.status === 200) return;
			} catch {
				// not listening yet
			}
			await sleep(100);
		}
		throw new Error(`Verdaccio was not ready within ${timeoutMs} ms:\n${tail(this.output)}`);
	}

	/**
	 * `npm adduser`'s request (PUT /-/user/org.couchdb.user:<name>), with a name and password made
	 * now; the token it answers goes into a userconfig of its own, as the publish job's token does.
	 */
	private async createUser(): Promise<void> {
		const name = `publisher-${randomBytes(4).toString('hex')}`;
		const password = randomBytes(18).toString('base64url');
		const response = await fetch(`${this.url}-/user/org.couchdb.user:${name}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, type: 'user' }),
		});
		const body = (await response.json()) as { token?: string };
		if (response.status !== 201 || !body.token)
			throw new Error(`creating a registry user answered ${response.status}`);
		this.userconfig = join(this.root, 'publisher.npmrc');
		const host = this.url.replace(/^http:/, '');
		await fs.writeFile(this.userconfig, `${host}:_authToken=${body.token}\n`, { mode: 0o600 });
	}

	/**
	 * Publishes a packed tarball as publish.yml does (`npm publish --access public`), without
	 * provenance (npm can sign only inside GitHub Actions), from a folder outside the repo (the
	 * repo's .npmrc asks for provenance). `version` rewrites the copy's package.json first, for an
	 * update; a prerelease goes out under the `next` tag, as npm requires. Returns the version.
	 */
	async publish(tarball: string, options: { version?: string } = {}): Promise<string> {
		const folder = await fs.mkdtemp(join(this.root, 'publish-'));
		await execFileAsync('tar', ['-xzf', tarball, '-C', folder]);
		const dir = join(folder, 'package');
		const manifestPath = join(dir, 'package.json');
		const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as { version: string };
		if (options.version) {
			manifest.version = options.version;
			await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2));
		}
		const args = ['publish', '--provenance=false', '--access', 'public'];
		if (manifest.version.includes('-')) args.push('--tag', 'next');
		const run = await runNpm(dir, args, { registry: this.url, userconfig: this.userconfig });
		if (run.exitCode !== 0)
			throw new Error(`npm publish failed (${run.exitCode}):\n${tail(run.stderr)}`);
		return manifest.version;
	}

	/** SIGTERM (SIGKILL after 5 s) and the storage removed. */
	async stop(): Promise<void> {
		if (this.child.pid !== undefined && groupAlive(this.child.pid)) {
			killGroup(this.child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), 5000);
			await this.exited;
			clearTimeout(timer);
		}
		await fs.rm(this.root, { recursive: true, force: true });
	}
}

let processRegistry: Promise<string> | undefined;

/**
 * The registry URL for this process: the one a global setup started (REGISTRY_URL_ENV), else one
 * started here on first use, with the packed package published, and stopped when the process exits.
 */
export function registryForProcess(): Promise<string> {
	const fromEnv = process.env[REGISTRY_URL_ENV];
	if (fromEnv) return Promise.resolve(fromEnv);
	processRegistry ??= (async () => {
		const registry = await LocalRegistry.start();
		await registry.publish(await packedTarball());
		return registry.url;
	})();
	return processRegistry;
}

/** Installs the published package into an n8n user folder, as the README says. */
export async function installFromRegistry(userFolder: string, registry: string): Promise<NpmRun> {
	return npmInstall(nodesFolder(userFolder), [PACKAGE_NAME], registry);
}
