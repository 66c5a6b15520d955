/**
 * A real n8n (test/runtime, n8n 2.41.1 on Node 24, unless another runtime is selected: see
 * runtime.ts's selectedRuntimeId()) in a throwaway user folder, with this package installed from its
 * packed tarball the way a user installs a community package.
 *
 *   const n8n = await N8nInstance.create();
 *   const [cred] = await n8n.importCredentials([oauth2Credential(sim)]);
 *   const id = await n8n.importWorkflow(workflow({ nodes, connections }));
 *   const result = await n8n.execute(id);
 *   expect(outputOf(result, 'Amili Payment')).toHaveLength(3);
 *   await n8n.dispose();
 *
 * Every CLI run and the server's output are kept (`n8n.logs`, `n8n.allOutput()`) so tests can assert
 * that no secret appears in them.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { installPackage, packedTarball } from './pack';
import {
	DEFAULT_RUNTIME,
	ensureRuntime,
	selectedRuntimeId,
	type Runtime,
	type RuntimeId,
} from './runtime';
import {
	n8nId,
	type CredentialJson,
	type CredentialRef,
	type JsonObject,
	type WorkflowInput,
} from './workflow';

/** A fixed key, so credentials imported into a copied template folder decrypt everywhere. Not a secret. */
export const TEST_ENCRYPTION_KEY = 'amili-n8n-test-encryption-key-not-secret';
/** Set by global-setup: a user folder whose database is already migrated; instances copy it. */
export const TEMPLATE_ENV = 'AMILI_N8N_TEMPLATE_DIR';
/** The template's variable for one runtime (each runtime migrates its own database). */
export function templateEnv(id: RuntimeId = selectedRuntimeId()): string {
	return id === DEFAULT_RUNTIME ? TEMPLATE_ENV : `${TEMPLATE_ENV}_${id.replace(/\W/g, '_')}`;
}
/** Set to 1 to keep the temp user folders after dispose() (for debugging a failing test). */
export const KEEP_ENV = 'AMILI_KEEP_N8N_FOLDERS';

export interface CommandLog {
	command: string;
	stdout: string;
	stderr: string;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	durationMs: number;
}

export interface NodeExecutionError {
	message?: string;
	description?: string | null;
	name?: string;
	node?: { name?: string; type?: string };
	httpCode?: string | null;
	[key: string]: unknown;
}

export interface ExecutionItem {
	json: JsonObject;
	binary?: Record<string, unknown>;
	pairedItem?: unknown;
	error?: unknown;
	[key: string]: unknown;
}

export interface TaskData {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	data?: { main?: Array<ExecutionItem[] | null> };
	error?: NodeExecutionError;
	[key: string]: unknown;
}

export type RunData = Record<string, TaskData[]>;

export interface ExecuteResult {
	/** Exit code 0 and execution status 'success'. */
	ok: boolean;
	exitCode: number | null;
	/** n8n's execution status ('success', 'error', …), undefined when no result was printed. */
	status: string | undefined;
	runData: RunData;
	lastNodeExecuted: string | undefined;
	/** The execution's error (resultData.error), or a harness error when n8n printed no result. */
	error: NodeExecutionError | undefined;
	durationMs: number;
	stdout: string;
	stderr: string;
	/** The whole execution object n8n printed ({ data, status, mode, … }). */
	execution: JsonObject | undefined;
}

export interface N8nInstanceOptions {
	/** A persistent user folder (kept by dispose(), migrated in place). Default: a fresh temp folder. */
	userFolder?: string;
	/** Install the packed package into the user folder (default true). */
	installPackage?: boolean;
	/** Port for server mode (default: a free port). */
	port?: number;
	/** Extra environment for every n8n process (e.g. N8N_LOG_LEVEL: 'debug'). */
	env?: Record<string, string | undefined>;
	/** Copy a migrated template folder (default true for temp folders). */
	useTemplate?: boolean;
	/** Append the server's output to this file instead of keeping it in `serverLog` (long dev sessions). */
	serverLogFile?: string;
}

export interface RestResponse<T = unknown> {
	status: number;
	/** The parsed JSON body (or the text when it is not JSON). */
	body: unknown;
	/** `body.data` when the body has it (n8n's REST wraps results in { data }), else the body. */
	data: T;
	headers: Headers;
}

/** An execution as the public API gives it with includeData=true. */
export interface ServerExecution {
	id: string;
	mode: string;
	status: string;
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>
			>;
		};
	};
}

/** The json a node emitted on its first output in a server-mode execution. */
export function emittedBy(
	execution: ServerExecution,
	nodeName: string,
): Array<Record<string, unknown>> {
	return (execution.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? []).map(
		(item) => item.json,
	);
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

const execFileAsync = promisify(execFile);

const live = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of live) killGroup(child, 'SIGKILL');
});
// An interrupted run (Ctrl-C, a CI timeout) must not leave n8n processes behind either.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** n8n's inherited environment minus anything that would change how it runs (a developer's own N8N_*, jest's NODE_ENV=test, npm's config). */
function baseEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	const dropPrefixes = [
		'N8N_',
		'DB_',
		'EXECUTIONS_',
		'CREDENTIALS_',
		'QUEUE_',
		'WEBHOOK_',
		'GENERIC_',
		'npm_',
	];
	const dropKeys = [
		'NODE_ENV',
		'NODE_OPTIONS',
		'NODE_PATH',
		'INIT_CWD',
		'NODE',
		'VUE_APP_URL_BASE_API',
	];
	for (const [key, value] of Object.entries(process.env)) {
		if (dropKeys.includes(key) || dropPrefixes.some((prefix) => key.startsWith(prefix))) continue;
		env[key] = value;
	}
	return env;
}

/** The last log line whose message is the printed execution ({ data, status, … }). */
export function parseExecutionOutput(stdout: string): JsonObject | undefined {
	const lines = stdout.split('\n');
	for (let i = lines.length - 1; i >= 0; i--) {
		const line = lines[i].trim();
		if (!line.startsWith('{')) continue;
		let message: unknown;
		try {
			message = (JSON.parse(line) as { message?: unknown }).message;
		} catch {
			continue;
		}
		if (typeof message !== 'string' || !message.trimStart().startsWith('{')) continue;
		try {
			const parsed = JSON.parse(message) as JsonObject;
			if (parsed && typeof parsed === 'object' && 'data' in parsed && 'status' in parsed)
				return parsed;
		} catch {
			// not the execution
		}
	}
	return undefined;
}

const processTemplates = new Map<RuntimeId, Promise<string>>();

export class N8nInstance {
	readonly runtime: Runtime;
	readonly userFolder: string;
	readonly port: number;
	readonly brokerPort: number;
	readonly baseUrl: string;
	/** Every CLI run of this instance, in order (server output is in `serverLog`). */
	readonly logs: CommandLog[] = [];
	readonly serverLog = { stdout: '', stderr: '' };
	/** Set by setupOwner(). */
	owner: OwnerAccount | undefined;
	/** The session cookie (n8n-auth=…) from setupOwner()/login(). */
	cookie: string | undefined;
	/** Set by createApiKey(); publicApi() creates one when missing. */
	apiKey: string | undefined;

	private readonly extraEnv: Record<string, string | undefined>;
	private readonly serverLogFile: string | undefined;
	private readonly temporary: boolean;
	private readonly browserId = randomBytes(12).toString('hex');
	private server: ChildProcess | undefined;
	private serverExit: Promise<void> | undefined;

	private constructor(args: {
		runtime: Runtime;
		userFolder: string;
		port: number;
		brokerPort: number;
		temporary: boolean;
		env: Record<string, string | undefined>;
		serverLogFile?: string;
	}) {
		this.runtime = args.runtime;
		this.userFolder = args.userFolder;
		this.port = args.port;
		this.brokerPort = args.brokerPort;
		this.baseUrl = `http://127.0.0.1:${args.port}`;
		this.temporary = args.temporary;
		this.extraEnv = args.env;
		this.serverLogFile = args.serverLogFile;
	}

	/** A ready instance: runtime ensured, user folder prepared (migrated template copied), package installed. */
	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const runtime = await ensureRuntime();
		const temporary = options.userFolder === undefined;
		const userFolder = options.userFolder ?? (await fs.mkdtemp(join(tmpdir(), 'amili-n8n-')));
		await fs.mkdir(userFolder, { recursive: true });
		if (temporary && options.useTemplate !== false) {
			const template = await N8nInstance.templateDir(runtime);
			await fs.cp(join(template, '.n8n'), join(userFolder, '.n8n'), { recursive: true });
		}
		const port = options.port ?? (await freePort());
		let brokerPort = await freePort();
		while (brokerPort === port) brokerPort = await freePort();
		const instance = new N8nInstance({
			runtime,
			userFolder,
			port,
			brokerPort,
			temporary,
			env: options.env ?? {},
			serverLogFile: options.serverLogFile,
		});
		if (options.installPackage !== false) {
			await installPackage(await packedTarball(), userFolder);
		}
		return instance;
	}

	/**
	 * A user folder with a migrated database: the one global-setup made (env AMILI_N8N_TEMPLATE_DIR),
	 * else one made once for this process.
	 */
	static templateDir(runtime?: Runtime): Promise<string> {
		const id = runtime?.id ?? selectedRuntimeId();
		const fromEnv = process.env[templateEnv(id)];
		if (fromEnv && existsSync(join(fromEnv, '.n8n', 'database.sqlite')))
			return Promise.resolve(fromEnv);
		let template = processTemplates.get(id);
		if (!template) {
			template = (async () => {
				const dir = await fs.mkdtemp(join(tmpdir(), 'amili-n8n-template-'));
				// Synchronous: nothing asynchronous runs once the process is exiting.
				process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
				await N8nInstance.migrateTemplate(dir, runtime ?? (await ensureRuntime(id)));
				return dir;
			})();
			processTemplates.set(id, template);
		}
		return template;
	}

	/** Runs n8n's DB migrations in `dir` (an empty credential import does exactly that). */
	static async migrateTemplate(dir: string, runtime: Runtime): Promise<void> {
		const instance = new N8nInstance({
			runtime,
			userFolder: dir,
			port: await freePort(),
			brokerPort: await freePort(),
			temporary: false,
			env: {},
		});
		await instance.importCredentials([]);
	}

	/** The environment every n8n process of this instance gets. */
	env(): NodeJS.ProcessEnv {
		return {
			...baseEnv(),
			PATH: `${dirname(this.runtime.nodeBin)}:${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_LOG_FORMAT: 'json',
			N8N_LOG_LEVEL: 'info',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			...this.runtime.env,
			...this.extraEnv,
		};
	}

	/** Runs `n8n <args>` to completion and records it in `logs`. */
	n8n(args: string[], options: { timeoutMs?: number } = {}): Promise<CommandLog> {
		const timeoutMs = options.timeoutMs ?? 150_000;
		const started = Date.now();
		return new Promise((resolveRun, reject) => {
			const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env(),
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			live.add(child);
			let stdout = '';
			let stderr = '';
			child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
			child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child, 'SIGKILL');
			}, timeoutMs);
			child.once('error', (error) => {
				clearTimeout(timer);
				live.delete(child);
				reject(error);
			});
			child.once('close', (exitCode, signal) => {
				clearTimeout(timer);
				live.delete(child);
				// The task runner it started must not outlive it.
				killGroup(child, 'SIGKILL');
				if (timedOut) stderr += `\n[harness] n8n ${args.join(' ')} killed after ${timeoutMs} ms\n`;
				const log: CommandLog = {
					command: `n8n ${args.join(' ')}`,
					stdout,
					stderr,
					exitCode,
					signal,
					durationMs: Date.now() - started,
				};
				this.logs.push(log);
				resolveRun(log);
			});
		});
	}

	private async writeTemp(prefix: string, data: unknown): Promise<string> {
		const dir = join(this.userFolder, 'harness-input');
		await fs.mkdir(dir, { recursive: true });
		const file = join(dir, `${prefix}-${Date.now()}-${randomBytes(4).toString('hex')}.json`);
		await fs.writeFile(file, JSON.stringify(data, null, 2));
		return file;
	}

	private async importFile(kind: 'credentials' | 'workflow', data: unknown[]): Promise<CommandLog> {
		const file = await this.writeTemp(kind, data);
		try {
			const log = await this.n8n([`import:${kind}`, '--input', file]);
			if (log.exitCode !== 0) {
				throw new Error(
					`n8n import:${kind} failed (exit ${log.exitCode}):\n${tail(log.stdout + log.stderr)}`,
				);
			}
			return log;
		} finally {
			// The credential file holds plain secrets; n8n keeps them encrypted.
			await fs.rm(file, { force: true });
		}
	}

	/** Imports credentials (plain `data`, encrypted by n8n); gives ids to those without. Returns references for nodes. */
	async importCredentials(
		credentials: Array<Omit<CredentialJson, 'id'> & { id?: string }>,
	): Promise<Array<CredentialRef & { id: string; type: string }>> {
		const withIds = credentials.map((c) => ({ ...c, id: c.id ?? n8nId() }));
		await this.importFile('credentials', withIds);
		return withIds.map((c) => ({ id: c.id, name: c.name, type: c.type }));
	}

	/** Imports one workflow (object); gives it an id when it has none. Returns the id. */
	async importWorkflow(workflow: WorkflowInput): Promise<string> {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/** Imports several workflows in one n8n run. Returns their ids. */
	async importWorkflows(workflows: Array<WorkflowInput>): Promise<string[]> {
		// n8n 2.0's import:workflow stores versionId as given and the column is NOT NULL; later lines
		// (and 1.x) fill it in themselves.
		const versionId = (w: WorkflowInput) =>
			this.runtime.id === '2.0' && !(w as { versionId?: string }).versionId
				? { versionId: randomUUID() }
				: {};
		const withIds = workflows.map((w) => ({
			active: false,
			settings: {},
			...w,
			...versionId(w),
			id: w.id ?? n8nId(),
		}));
		await this.importFile('workflow', withIds);
		if (this.runtime.id === '2.0') await this.recordImportedVersions(withIds.map((w) => w.id));
		return withIds.map((w) => w.id);
	}

	/**
	 * n8n 2.0 publishes (activates) a workflow's version from its history, but its import:workflow
	 * writes no history: without this, publish:workflow fails with 'Version … not found'. Writes the
	 * row n8n itself writes when a workflow is saved (harness only, 2.0 only).
	 */
	private async recordImportedVersions(ids: string[]): Promise<void> {
		const script = `
			const sqlite3 = require('sqlite3');
			const [file, ids] = process.argv.slice(1);
			const db = new sqlite3.Database(file);
			const list = JSON.parse(ids);
			db.run(
				"INSERT OR IGNORE INTO workflow_history (versionId, workflowId, authors, nodes, connections) " +
				"SELECT versionId, id, 'harness import', nodes, connections FROM workflow_entity WHERE id IN (" + list.map(() => '?').join(',') + ")",
				list,
				(error) => { db.close(); if (error) { console.error(error.message); process.exit(1); } },
			);`;
		await execFileAsync(
			this.runtime.nodeBin,
			['-e', script, join(this.userFolder, '.n8n', 'database.sqlite'), JSON.stringify(ids)],
			{
				cwd: this.runtime.dir,
			},
		);
	}

	/** `n8n execute --id <id> --rawOutput`, parsed. Never throws for a failed execution: check `ok`. */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const log = await this.n8n(['execute', '--id', workflowId, '--rawOutput'], options);
		const execution = parseExecutionOutput(log.stdout) ?? parseExecutionOutput(log.stderr);
		const data = execution?.data as
			| {
					resultData?: { runData?: RunData; lastNodeExecuted?: string; error?: NodeExecutionError };
			  }
			| undefined;
		let status = typeof execution?.status === 'string' ? execution.status : undefined;
		// n8n 2.0's execute prints the execution while its status still says 'running' (its run has
		// ended: the command printed it after the run's promise resolved). Read the outcome from the data.
		if (status === 'running' && this.runtime.id === '2.0' && execution) {
			if (data?.resultData?.error) status = 'error';
			else if (execution.finished === true || typeof execution.stoppedAt === 'string')
				status = 'success';
		}
		const error: NodeExecutionError | undefined =
			data?.resultData?.error ??
			(execution
				? undefined
				: {
						message: `n8n printed no execution result (exit ${log.exitCode}):\n${tail(log.stdout + log.stderr)}`,
					});
		return {
			ok: log.exitCode === 0 && status === 'success' && !data?.resultData?.error,
			exitCode: log.exitCode,
			status,
			runData: data?.resultData?.runData ?? {},
			lastNodeExecuted: data?.resultData?.lastNodeExecuted,
			error,
			durationMs: log.durationMs,
			stdout: log.stdout,
			stderr: log.stderr,
			execution,
		};
	}

	/** Imports a workflow and executes it. */
	async run(workflow: WorkflowInput, options?: { timeoutMs?: number }): Promise<ExecuteResult> {
		return this.execute(await this.importWorkflow(workflow), options);
	}

	/**
	 * Activates a trigger/webhook workflow for the next `start`: `n8n publish:workflow` on 2.x,
	 * `n8n update:workflow --active=true` on 1.x (which has no publish command).
	 */
	async publishWorkflow(workflowId: string): Promise<void> {
		const args =
			this.runtime.n8nMajor < 2
				? ['update:workflow', `--id=${workflowId}`, '--active=true']
				: ['publish:workflow', `--id=${workflowId}`];
		const log = await this.n8n(args);
		if (log.exitCode !== 0) throw new Error(`${args[0]} failed:\n${tail(log.stdout + log.stderr)}`);
	}

	/** `node --version` of the Node this instance's n8n runs on (e.g. 'v22.23.5'). */
	async nodeVersion(): Promise<string> {
		const { stdout } = await execFileAsync(this.runtime.nodeBin, ['--version']);
		return stdout.trim();
	}

	/** Everything any n8n process of this instance printed (for "no secret in the logs" assertions). */
	allOutput(): string {
		return [...this.logs.flatMap((l) => [l.stdout, l.stderr]), this.serverOutput()].join('\n');
	}

	/** The log sources (command names, 'server') in which `needle` appears. */
	findInLogs(needle: string): string[] {
		const hits = this.logs
			.filter((l) => l.stdout.includes(needle) || l.stderr.includes(needle))
			.map((l) => l.command);
		if (this.serverOutput().includes(needle)) hits.push('n8n start');
		return hits;
	}

	/** The server's output so far (from `serverLog`, or the log file when one was given). */
	serverOutput(): string {
		if (this.serverLogFile) {
			try {
				return readFileSync(this.serverLogFile, 'utf8');
			} catch {
				return '';
			}
		}
		return this.serverLog.stdout + this.serverLog.stderr;
	}

	/** Resolves when the server process exits (immediately when none runs). */
	waitForServerExit(): Promise<void> {
		return this.serverExit ?? Promise.resolve();
	}

	get running(): boolean {
		return this.server !== undefined;
	}

	/** `n8n start` in the background; resolves once /healthz/readiness answers 200. */
	async start(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.server) return;
		const timeoutMs = options.timeoutMs ?? 90_000;
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		live.add(child);
		this.server = child;
		if (this.serverLogFile) {
			const file = createWriteStream(this.serverLogFile, { flags: 'a' });
			child.stdout?.pipe(file, { end: false });
			child.stderr?.pipe(file, { end: false });
			child.once('close', () => file.end());
		} else {
			child.stdout
				?.setEncoding('utf8')
				.on('data', (chunk: string) => (this.serverLog.stdout += chunk));
			child.stderr
				?.setEncoding('utf8')
				.on('data', (chunk: string) => (this.serverLog.stderr += chunk));
		}
		let exited = false;
		this.serverExit = new Promise((resolveExit) =>
			child.once('close', () => {
				exited = true;
				live.delete(child);
				resolveExit();
			}),
		);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (exited) {
				this.server = undefined;
				throw new Error(`n8n start exited before it was ready:\n${tail(this.serverOutput())}`);
			}
			try {
				const response = await fetch(`${this.baseUrl}/healthz/readiness`, {
					signal: AbortSignal.timeout(2000),
				});
				if (response.status === 200 && (await this.restMounted())) return;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		await this.stop();
		throw new Error(
			`n8n start was not ready within ${timeoutMs} ms:\n${tail(this.serverOutput())}`,
		);
	}

	/**
	 * n8n 1.123 and 2.0 answer /healthz/readiness with 200 before they have mounted their REST
	 * controllers (a POST to /rest/owner/setup then gets express's 404): there, also wait for
	 * /rest/settings. 2.41 mounts them first.
	 */
	private async restMounted(): Promise<boolean> {
		if (this.runtime.id === DEFAULT_RUNTIME) return true;
		const response = await fetch(`${this.baseUrl}/rest/settings`, {
			signal: AbortSignal.timeout(2000),
		});
		return response.status === 200;
	}

	/** SIGTERM, wait for n8n (and its task runner) to exit; SIGKILL whatever is left after 15 s. */
	async stop(): Promise<void> {
		const child = this.server;
		if (!child || child.pid === undefined) return;
		const pid = child.pid;
		child.kill('SIGTERM');
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 15_000)));
		const outcome = await Promise.race([this.serverExit, timeout]);
		clearTimeout(timer);
		if (outcome === 'timeout') killGroup(child, 'SIGKILL');
		await this.serverExit;
		for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
		if (groupAlive(pid)) killGroup(child, 'SIGKILL');
		this.server = undefined;
		this.serverExit = undefined;
	}

	/** A request to any path of the server (e.g. '/types/nodes.json'), with the session cookie when there is one. */
	async http<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<RestResponse<T>> {
		return this.request<T>(method, path, body, {
			'browser-id': this.browserId,
			...(this.cookie ? { cookie: this.cookie } : {}),
			...headers,
		});
	}

	/** A request to n8n's internal REST API (`/rest<path>`), with the session cookie when there is one. */
	async rest<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<RestResponse<T>> {
		return this.http<T>(method, `/rest${path}`, body, headers);
	}

	/** The node type names the running server loaded (signs in as the owner when needed). */
	async loadedNodeTypes(): Promise<string[]> {
		return this.typeNames('/types/nodes.json');
	}

	/** The credential type names the running server loaded (signs in as the owner when needed). */
	async loadedCredentialTypes(): Promise<string[]> {
		return this.typeNames('/types/credentials.json');
	}

	private async typeNames(path: string): Promise<string[]> {
		if (!this.owner) await this.setupOwner();
		if (!this.cookie) await this.login();
		const response = await this.http<Array<{ name: string }>>('GET', path);
		if (response.status !== 200 || !Array.isArray(response.body)) {
			throw new Error(`GET ${path} answered ${response.status}`);
		}
		return (response.body as Array<{ name: string }>).map((t) => t.name);
	}

	/** A request to the public API (`/api/v1<path>`) with an API key (created, with an owner, if missing). */
	async publicApi<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
	): Promise<RestResponse<T>> {
		if (!this.apiKey) await this.createApiKey();
		return this.request<T>(method, `/api/v1${path}`, body, { 'X-N8N-API-KEY': this.apiKey ?? '' });
	}

	/**
	 * Starts a manual run from a trigger, as the editor's "Execute workflow" does (REST, as the owner).
	 * n8n 2.41 takes the workflow from its database; 1.x and 2.0 want the workflow in the body
	 * (`workflowData`), so there it is read first.
	 */
	async runManually(
		workflowId: string,
		triggerName: string,
	): Promise<RestResponse<{ executionId?: string }>> {
		const triggerToStartFrom = { name: triggerName };
		if (this.runtime.id === DEFAULT_RUNTIME) {
			return this.rest<{ executionId?: string }>('POST', `/workflows/${workflowId}/run`, {
				triggerToStartFrom,
			});
		}
		const workflowData = await this.restOk<Record<string, unknown>>(
			'GET',
			`/workflows/${workflowId}`,
		);
		return this.rest<{ executionId?: string }>('POST', `/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom,
		});
	}

	/** A workflow's executions in server mode, oldest first, with their data (public API). */
	async executions(workflowId: string): Promise<ServerExecution[]> {
		const response = await this.publicApi<ServerExecution[]>(
			'GET',
			`/executions?includeData=true&limit=250&workflowId=${workflowId}`,
		);
		if (response.status !== 200) throw new Error(`GET /executions answered ${response.status}`);
		return [...response.data].sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Waits until the workflow has at least `count` finished executions, or the time is up; returns them. */
	async finishedExecutions(
		workflowId: string,
		count: number,
		timeoutMs = 20_000,
	): Promise<ServerExecution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = (await this.executions(workflowId)).filter(
				(e) => e.status !== 'running' && e.status !== 'new',
			);
			if (found.length >= count || Date.now() > deadline) return found;
			await sleep(200);
		}
	}

	private async request<T>(
		method: string,
		path: string,
		body: unknown,
		headers: Record<string, string>,
	): Promise<RestResponse<T>> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const authCookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (authCookie) this.cookie = authCookie.split(';')[0];
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON
		}
		const data =
			parsed && typeof parsed === 'object' && 'data' in parsed
				? (parsed as { data: unknown }).data
				: parsed;
		return { status: response.status, body: parsed, data: data as T, headers: response.headers };
	}

	private async restOk<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.rest<T>(method, path, body);
		if (response.status >= 400) {
			throw new Error(
				`${method} /rest${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
			);
		}
		return response.data;
	}

	/** Creates the owner account (server must be running); logs in as it. Password generated when not given. */
	async setupOwner(account: Partial<OwnerAccount> = {}): Promise<OwnerAccount> {
		const owner: OwnerAccount = {
			email: account.email ?? 'owner@amili.local',
			password: account.password ?? generatePassword(),
			firstName: account.firstName ?? 'Test',
			lastName: account.lastName ?? 'Owner',
		};
		await this.restOk('POST', '/owner/setup', owner);
		this.owner = owner;
		return owner;
	}

	/** Logs in (as the owner by default) and returns the session cookie. */
	async login(email = this.owner?.email, password = this.owner?.password): Promise<string> {
		if (!email || !password) throw new Error('login(): no account; call setupOwner() first');
		this.cookie = undefined;
		await this.restOk('POST', '/login', { emailOrLdapLoginId: email, password });
		if (!this.cookie) throw new Error('login(): n8n set no n8n-auth cookie');
		return this.cookie;
	}

	/** Creates a public-API key with every scope the owner may have (sets up the owner and logs in when needed). */
	async createApiKey(label = 'harness'): Promise<string> {
		if (!this.owner) await this.setupOwner();
		if (!this.cookie) await this.login();
		const scopes = await this.restOk<string[]>('GET', '/api-keys/scopes');
		const created = await this.restOk<{ rawApiKey: string }>('POST', '/api-keys', {
			label,
			scopes,
			expiresAt: null,
		});
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	/** Stops the server and removes the temp user folder (a persistent one given to create() is kept). */
	async dispose(): Promise<void> {
		await this.stop();
		if (this.temporary && process.env[KEEP_ENV] !== '1') {
			await fs.rm(this.userFolder, { recursive: true, force: true });
		}
	}
}

/** The json of the items a node emitted on one output (default: first output, first run). Throws, with the execution's error, when the node did not run. */
export function outputOf(
	result: ExecuteResult,
	nodeName: string,
	outputIndex = 0,
	runIndex = 0,
): JsonObject[] {
	return itemsOf(result, nodeName, outputIndex, runIndex).map((item) => item.json);
}

/** The full items (json, binary, pairedItem) a node emitted on one output. */
export function itemsOf(
	result: ExecuteResult,
	nodeName: string,
	outputIndex = 0,
	runIndex = 0,
): ExecutionItem[] {
	const runs = result.runData[nodeName];
	if (!runs?.[runIndex]) {
		throw new Error(
			`node "${nodeName}" has no run ${runIndex}; nodes that ran: ${Object.keys(result.runData).join(', ') || 'none'}` +
				(result.error ? `; error: ${result.error.message ?? JSON.stringify(result.error)}` : ''),
		);
	}
	const run = runs[runIndex];
	if (run.error && !run.data) {
		throw new Error(`node "${nodeName}" failed: ${run.error.message ?? JSON.stringify(run.error)}`);
	}
	return run.data?.main?.[outputIndex] ?? [];
}

/** The error a node ended with (undefined when it succeeded or did not run). */
export function nodeError(
	result: ExecuteResult,
	nodeName: string,
	runIndex = 0,
): NodeExecutionError | undefined {
	return result.runData[nodeName]?.[runIndex]?.error;
}

/** A password n8n accepts (8–64 characters, a digit, an uppercase letter). */
export function generatePassword(): string {
	return `Amili-${randomBytes(9).toString('base64url')}-7Q`;
}

function tail(text: string, lines = 40): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}
