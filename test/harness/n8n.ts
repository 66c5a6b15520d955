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
 *
 * The façade tests use; the n8n-*.ts modules next to it do the work (processes, environment, user
 * folders, CLI, server, REST, database, execution results).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

import * as cli from './n8n-cli';
import { instanceEnv, KEEP_ENV } from './n8n-env';
import { freePort, nodeVersion } from './n8n-processes';
import * as restApi from './n8n-rest';
import * as n8nServer from './n8n-server';
import { migrateTemplate, prepareUserFolder, templateDir } from './n8n-folders';
import type {
	CommandLog,
	ExecuteResult,
	N8nInstanceOptions,
	OwnerAccount,
	RestResponse,
	ServerExecution,
} from './n8n-types';
import { ensureRuntime, type Runtime } from './runtime';
import type { CredentialJson, CredentialRef, WorkflowInput } from './workflow';

export { templateEnv } from './n8n-env';
export { freePort, portInUse } from './n8n-processes';
export { generatePassword } from './n8n-rest';
export { emittedBy, itemsOf, nodeError, outputOf, parseExecutionOutput } from './n8n-results';
export type * from './n8n-types';

export class N8nInstance implements cli.CliTarget, restApi.RestSession {
	readonly runtime: Runtime;
	readonly userFolder: string;
	readonly port: number;
	readonly brokerPort: number;
	readonly baseUrl: string;
	/** Every CLI run of this instance, in order (server output is in `serverLog`). */
	readonly logs: CommandLog[] = [];
	readonly serverLog = { stdout: '', stderr: '' };
	/** Sent as the browser-id header with REST requests: n8n ties the session cookie to it. */
	readonly browserId = randomBytes(12).toString('hex');
	/** Set by setupOwner(). */
	owner: OwnerAccount | undefined;
	/** The session cookie (n8n-auth=…) from setupOwner()/login(). */
	cookie: string | undefined;
	/** Set by createApiKey(); publicApi() creates one when missing. */
	apiKey: string | undefined;

	private readonly extraEnv: Record<string, string | undefined>;
	/** Where the server's output goes: `serverLog`, or the log file create() was given. */
	private readonly serverOutputSink: n8nServer.ServerOutput;
	private readonly temporary: boolean;
	private server: n8nServer.ServerProcess | undefined;

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
		this.serverOutputSink = { logFile: args.serverLogFile, log: this.serverLog };
	}

	/** A ready instance: runtime ensured, user folder prepared (migrated template copied, package installed). */
	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const runtime = await ensureRuntime();
		const { userFolder, temporary } = await prepareUserFolder(runtime, options);
		const port = options.port ?? (await freePort());
		let brokerPort = await freePort();
		while (brokerPort === port) brokerPort = await freePort();
		return new N8nInstance({
			runtime,
			userFolder,
			port,
			brokerPort,
			temporary,
			env: options.env ?? {},
			serverLogFile: options.serverLogFile,
		});
	}

	/** A user folder with a migrated database (global-setup's, else one made once per process). */
	static templateDir(runtime?: Runtime): Promise<string> {
		return templateDir(runtime);
	}

	/** Runs n8n's DB migrations in `dir`. */
	static migrateTemplate(dir: string, runtime: Runtime): Promise<void> {
		return migrateTemplate(dir, runtime);
	}

	/** The environment every n8n process of this instance gets. */
	env(): NodeJS.ProcessEnv {
		const { runtime, userFolder, port, brokerPort, extraEnv } = this;
		return instanceEnv({ runtime, userFolder, port, brokerPort, extraEnv });
	}

	/** Runs `n8n <args>` to completion and records it in `logs`. */
	n8n(args: string[], options: { timeoutMs?: number } = {}): Promise<CommandLog> {
		return cli.runN8n(this, args, options);
	}

	/** Imports credentials (plain `data`, encrypted by n8n); gives ids to those without. Returns references for nodes. */
	importCredentials(
		credentials: Array<Omit<CredentialJson, 'id'> & { id?: string }>,
	): Promise<Array<CredentialRef & { id: string; type: string }>> {
		return cli.importCredentials(this, credentials);
	}

	/** Imports one workflow (object); gives it an id when it has none. Returns the id. */
	async importWorkflow(workflow: WorkflowInput): Promise<string> {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/** Imports several workflows in one n8n run. Returns their ids. */
	importWorkflows(workflows: Array<WorkflowInput>): Promise<string[]> {
		return cli.importWorkflows(this, workflows);
	}

	/** `n8n execute --id <id> --rawOutput`, parsed. Never throws for a failed execution: check `ok`. */
	execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		return cli.executeWorkflow(this, workflowId, options);
	}

	/** Imports a workflow and executes it. */
	async run(workflow: WorkflowInput, options?: { timeoutMs?: number }): Promise<ExecuteResult> {
		return this.execute(await this.importWorkflow(workflow), options);
	}

	/** Activates a trigger/webhook workflow for the next `start` (publish on 2.x, update on 1.x). */
	publishWorkflow(workflowId: string): Promise<void> {
		return cli.publishWorkflow(this, workflowId);
	}

	/** `node --version` of the Node this instance's n8n runs on (e.g. 'v22.23.5'). */
	nodeVersion(): Promise<string> {
		return nodeVersion(this.runtime);
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
		return n8nServer.readServerOutput(this.serverOutputSink);
	}

	/** Resolves when the server process exits (immediately when none runs). */
	waitForServerExit(): Promise<void> {
		return this.server?.exit ?? Promise.resolve();
	}

	get running(): boolean {
		return this.server !== undefined;
	}

	/** `n8n start` in the background; resolves once /healthz/readiness answers 200. */
	async start(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.server) return;
		const output = this.serverOutputSink;
		const server = n8nServer.spawnServer(this.runtime, {
			cwd: this.userFolder,
			env: this.env(),
			output,
		});
		this.server = server;
		try {
			const target = { baseUrl: this.baseUrl, runtime: this.runtime, output };
			await n8nServer.waitUntilReady(server, target, options.timeoutMs ?? 90_000);
		} catch (error) {
			this.server = undefined;
			throw error;
		}
	}

	/** SIGTERM, wait for n8n (and its task runner) to exit; SIGKILL whatever is left after 15 s. */
	async stop(): Promise<void> {
		if (!this.server) return;
		await n8nServer.stopServer(this.server);
		this.server = undefined;
	}

	/** A request to any path of the server (e.g. '/types/nodes.json'), with the session cookie when there is one. */
	http<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<RestResponse<T>> {
		return restApi.http<T>(this, method, path, body, headers);
	}

	/** A request to n8n's internal REST API (`/rest<path>`), with the session cookie when there is one. */
	rest<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<RestResponse<T>> {
		return restApi.rest<T>(this, method, path, body, headers);
	}

	/** The node type names the running server loaded (signs in as the owner when needed). */
	loadedNodeTypes(): Promise<string[]> {
		return restApi.typeNames(this, '/types/nodes.json');
	}

	/** The credential type names the running server loaded (signs in as the owner when needed). */
	loadedCredentialTypes(): Promise<string[]> {
		return restApi.typeNames(this, '/types/credentials.json');
	}

	/** A request to the public API (`/api/v1<path>`) with an API key (created, with an owner, if missing). */
	publicApi<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
		return restApi.publicApi<T>(this, method, path, body);
	}

	/** Starts a manual run from a trigger, as the editor's "Execute workflow" does (REST, as the owner). */
	runManually(
		workflowId: string,
		triggerName: string,
	): Promise<RestResponse<{ executionId?: string }>> {
		return restApi.runManually(this, workflowId, triggerName);
	}

	/** A workflow's executions in server mode, oldest first, with their data (public API). */
	executions(workflowId: string): Promise<ServerExecution[]> {
		return restApi.executions(this, workflowId);
	}

	/** Waits until the workflow has at least `count` finished executions, or the time is up; returns them. */
	finishedExecutions(
		workflowId: string,
		count: number,
		timeoutMs?: number,
	): Promise<ServerExecution[]> {
		return restApi.finishedExecutions(this, workflowId, count, timeoutMs);
	}

	/** Creates the owner account (server must be running); logs in as it. Password generated when not given. */
	setupOwner(account: Partial<OwnerAccount> = {}): Promise<OwnerAccount> {
		return restApi.setupOwner(this, account);
	}

	/** Logs in (as the owner by default) and returns the session cookie. */
	login(email?: string, password?: string): Promise<string> {
		return restApi.login(this, email, password);
	}

	/** Creates a public-API key with every scope the owner may have (sets up the owner and logs in when needed). */
	createApiKey(label?: string): Promise<string> {
		return restApi.createApiKey(this, label);
	}

	/** Stops the server and removes the temp user folder (a persistent one given to create() is kept). */
	async dispose(): Promise<void> {
		await this.stop();
		if (this.temporary && process.env[KEEP_ENV] !== '1') {
			await fs.rm(this.userFolder, { recursive: true, force: true });
		}
	}
}
