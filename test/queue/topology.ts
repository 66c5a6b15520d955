/**
 * n8n in queue mode, started from real servers on loopback: a throwaway PostgreSQL (n8n's database)
 * and Redis (the Bull queue), one n8n main (`n8n start`, EXECUTIONS_MODE=queue) and N workers
 * (`n8n worker --concurrency=C`), all the pinned n8n 2.41.1 from test/runtime, each in its own user
 * folder into which `npm install n8n-nodes-amili` put the package from a local registry (the README's
 * command, run for the main and for every worker, as a deployment does), plus the in-process Amili
 * simulator.
 *
 *   const topo = await QueueTopology.start({ workers: 2, concurrency: 10 });
 *   const credential = await topo.createCredential(oauth2Credential(topo.sim));
 *   await topo.activateWorkflow(payByWebhook({ path: 'pay', organizationId, credential }));
 *   await postJson(topo.webhookUrl('pay'), { payments: [...] });   // runs on a worker
 *   await topo.stop();
 *
 * Composed around test/harness's N8nInstance (no harness change): the main is an N8nInstance with
 * extra env (its CLI imports run against PostgreSQL, `start()` serves); a worker is an N8nInstance too,
 * for its user folder and env, with `n8n worker` spawned by worker.ts.
 */
import { randomBytes } from 'node:crypto';

import { startSimulator, type AmiliSimulator, type SimulatorOptions } from '../simulator';
import { freePort, N8nInstance } from '../harness/n8n';
import { installFromRegistry, registryForProcess } from '../harness/registry';
import { ensureRuntime } from '../harness/runtime';
import type { CredentialRef, WorkflowInput } from '../harness/workflow';
import { startPostgres, type PostgresServer } from './postgres';
import { startRedis, type RedisServer } from './redis';
import { sleep } from './service-process';
import { QueueWorker } from './worker';

export interface QueueTopologyOptions {
	/** Workers started with the topology (default 2). More can be added with addWorker(). */
	workers?: number;
	/** `n8n worker --concurrency` (default 10). */
	concurrency?: number;
	/** The Amili simulator's options. */
	simulator?: SimulatorOptions;
	/** Extra env for every n8n process (main, workers, CLI). */
	env?: Record<string, string | undefined>;
	/** Extra env for workers only. */
	workerEnv?: Record<string, string | undefined>;
	/** Runs after the database is migrated and before main and workers start: import, publish. */
	prepare?: (topology: QueueTopology) => Promise<void>;
	/** Install the package on workers (default true). False reproduces "Unrecognized node type". */
	installPackageOnWorkers?: boolean;
}

export class QueueTopology {
	readonly workers: QueueWorker[] = [];
	private stopped = false;

	private constructor(
		readonly pg: PostgresServer,
		readonly redis: RedisServer,
		readonly sim: AmiliSimulator,
		readonly main: N8nInstance,
		readonly sharedEnv: Record<string, string | undefined>,
		private readonly options: QueueTopologyOptions,
		/** The local registry every instance installs the package from. */
		readonly registry: string,
	) {}

	/** Everything up and ready; on any failure, whatever was started is stopped again. */
	static async start(options: QueueTopologyOptions = {}): Promise<QueueTopology> {
		let pg: PostgresServer | undefined;
		let redis: RedisServer | undefined;
		let sim: AmiliSimulator | undefined;
		let topology: QueueTopology | undefined;
		try {
			const started = await Promise.all([
				startPostgres(),
				startRedis(),
				startSimulator(options.simulator),
				ensureRuntime(),
				registryForProcess(),
			]);
			[pg, redis, sim] = started;
			const registry = started[4];
			const sharedEnv: Record<string, string | undefined> = {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: pg.host,
				DB_POSTGRESDB_PORT: String(pg.port),
				DB_POSTGRESDB_DATABASE: pg.database,
				DB_POSTGRESDB_USER: pg.user,
				DB_POSTGRESDB_PASSWORD: '',
				DB_POSTGRESDB_POOL_SIZE: '4',
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: redis.host,
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// Each topology its own key prefix, so nothing could meet another run's jobs.
				QUEUE_BULL_PREFIX: `amili-${randomBytes(4).toString('hex')}`,
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				...options.env,
			};
			const main = await N8nInstance.create({
				useTemplate: false,
				installPackage: false,
				env: sharedEnv,
			});
			topology = new QueueTopology(pg, redis, sim, main, sharedEnv, options, registry);
			await installFromRegistry(main.userFolder, registry);
			// The first CLI run migrates the PostgreSQL database (an empty import does only that).
			await main.importCredentials([]);
			await options.prepare?.(topology);
			const count = options.workers ?? 2;
			const workers = await Promise.all(
				Array.from({ length: count }, () => topology!.createWorker()),
			);
			await Promise.all([main.start({ timeoutMs: 120_000 }), ...workers.map((w) => w.start())]);
			return topology;
		} catch (error) {
			if (topology) await topology.stop();
			else await Promise.allSettled([pg?.stop(), redis?.stop(), sim?.close()]);
			throw error;
		}
	}

	/** A new worker (own user folder, the package installed by npm unless told not to, own ports), not started yet. */
	async createWorker(
		options: { installPackage?: boolean; env?: Record<string, string | undefined> } = {},
	): Promise<QueueWorker> {
		const healthPort = await freePort();
		const instance = await N8nInstance.create({
			useTemplate: false,
			installPackage: false,
			env: {
				...this.sharedEnv,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				...this.options.workerEnv,
				...options.env,
			},
		});
		if (options.installPackage ?? this.options.installPackageOnWorkers ?? true)
			await installFromRegistry(instance.userFolder, this.registry);
		const worker = new QueueWorker(
			`worker-${this.workers.length + 1}`,
			instance,
			healthPort,
			this.options.concurrency ?? 10,
		);
		this.workers.push(worker);
		return worker;
	}

	/** Creates and starts one more worker. */
	async addWorker(options?: {
		installPackage?: boolean;
		env?: Record<string, string | undefined>;
	}): Promise<QueueWorker> {
		const worker = await this.createWorker(options);
		await worker.start();
		return worker;
	}

	/** Imports a workflow and publishes (activates) it; call from `prepare` (before main starts). */
	async publish(workflow: WorkflowInput): Promise<string> {
		const id = await this.main.importWorkflow(workflow);
		await this.main.publishWorkflow(id);
		return id;
	}

	/** The production webhook URL at the main. */
	webhookUrl(path: string): string {
		return `${this.main.baseUrl}/webhook/${path}`;
	}

	/** Creates a credential through the main's public API (n8n encrypts it in PostgreSQL). */
	async createCredential(credential: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<CredentialRef & { id: string; type: string }> {
		const response = await this.main.publicApi<{ id: string }>('POST', '/credentials', {
			name: credential.name,
			type: credential.type,
			data: credential.data,
		});
		if (response.status !== 200)
			throw new Error(
				`POST /api/v1/credentials answered ${response.status}: ${JSON.stringify(response.body)}`,
			);
		return { id: response.data.id, name: credential.name, type: credential.type };
	}

	/** Creates a workflow through the main's public API and activates it (its webhooks answer at once). */
	async activateWorkflow(workflow: WorkflowInput): Promise<string> {
		const created = await this.main.publicApi<{ id: string }>('POST', '/workflows', {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings ?? { executionOrder: 'v1' },
		});
		if (created.status !== 200)
			throw new Error(
				`POST /api/v1/workflows answered ${created.status}: ${JSON.stringify(created.body)}`,
			);
		const id = created.data.id;
		const activated = await this.main.publicApi('POST', `/workflows/${id}/activate`);
		if (activated.status !== 200)
			throw new Error(
				`activating ${id} answered ${activated.status}: ${JSON.stringify(activated.body)}`,
			);
		// The main registers webhooks after answering (measured: 0.3–2 s, a 404 until then): wait for
		// their rows, then for its webhook lookup to see them.
		const webhookNodes = workflow.nodes.filter((node) => typeof node.webhookId === 'string').length;
		if (webhookNodes > 0) {
			const deadline = Date.now() + 30_000;
			for (;;) {
				const rows = Number(
					await this.pg.query(`SELECT count(*) FROM webhook_entity WHERE "workflowId" = '${id}'`),
				);
				if (rows >= webhookNodes) break;
				if (Date.now() > deadline)
					throw new Error(`workflow ${id}: webhooks not registered within 30 s`);
				await sleep(100);
			}
			await sleep(250);
		}
		return id;
	}

	/** Every executions row (id, status, mode, finished) straight from PostgreSQL. */
	async executionRows(
		workflowId?: string,
	): Promise<Array<{ id: string; status: string; mode: string; finished: boolean }>> {
		const where = workflowId ? ` WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}'` : '';
		const out = await this.pg.query(
			`SELECT json_agg(json_build_object('id', id::text, 'status', status, 'mode', mode, 'finished', finished) ORDER BY id) FROM execution_entity${where}`,
		);
		return out
			? ((JSON.parse(out) as Array<{
					id: string;
					status: string;
					mode: string;
					finished: boolean;
				}>) ?? [])
			: [];
	}

	/** Stops workers, main, simulator, Redis and PostgreSQL; removes every temp folder. Idempotent. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		await Promise.allSettled(this.workers.map((w) => w.stop(10_000)));
		await Promise.allSettled([this.main.dispose()]);
		await Promise.allSettled(this.workers.map((w) => w.instance.dispose()));
		await Promise.allSettled([this.sim.close(), this.redis.stop(), this.pg.stop()]);
	}
}
