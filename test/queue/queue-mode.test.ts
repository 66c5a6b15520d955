/**
 * The package in n8n's queue mode: PostgreSQL, Redis, one main and two workers (n8n 2.41.1), the
 * package installed on every instance by the README's `npm install n8n-nodes-amili` from a local
 * registry, the local Amili simulator. Executions
 * are started at the main by webhook and run on the workers; the Amili Trigger's duplicate handling is
 * checked where it runs, at the main, including across a main restart. What each test measured is
 * printed at the end (docs/queue-mode.md states the guarantees these tests hold).
 *
 * The workers' Bull lock is shortened (10 s, renewed every 2 s, stalled check every 5 s; n8n's defaults
 * are 60 s / 10 s / 30 s) so a killed worker is noticed within seconds, not minutes.
 */
import { randomUUID } from 'node:crypto';

import { communityPackageDir, missingN8nFiles, PACKAGE_NAME } from '../harness/pack';
import { installedPackages, nodesFolder } from '../harness/registry';
import {
	AMILI_PACKAGE,
	AMILI_PAYMENT_TYPE,
	chain,
	n8nId,
	oauth2Credential,
	workflow,
	type JsonObject,
} from '../harness/workflow';
import {
	maxConcurrentPaymentRequests,
	settledExecutions,
	startedByWorker,
	startedSince,
	waitFor,
} from './measure';
import { QueueTopology } from './topology';
import { payByWebhook, payments, postJson, type WebhookCall } from './workflows';

const AMILI_TRIGGER_TYPE = `${AMILI_PACKAGE}.amiliTrigger`;
const LOCK = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

const measured: Record<string, unknown> = {};

/** The batch items a lastNode webhook answered with (the Amili Payment node's output). */
function batchesOf(call: WebhookCall): JsonObject[] {
	if (call.status !== 200 || !Array.isArray(call.body)) {
		throw new Error(`webhook answered ${call.status}: ${JSON.stringify(call.body).slice(0, 500)}`);
	}
	return call.body as JsonObject[];
}

function idsOf(rows: JsonObject[]): string[] {
	return rows.map((p) => String(p.uniqueSourcePaymentId));
}

describe('queue mode: n8n main + 2 workers on PostgreSQL and Redis', () => {
	let topo: QueueTopology;
	let credential: { id: string; name: string; type: string };
	const payOrg = randomUUID();
	let payWorkflowId: string;
	const startedAt = Date.now();

	beforeAll(async () => {
		topo = await QueueTopology.start({ workers: 2, concurrency: 10, env: LOCK });
		measured.topologyStartSeconds = Math.round((Date.now() - startedAt) / 100) / 10;
		credential = await topo.createCredential(oauth2Credential(topo.sim, 'Amili OAuth2 (queue)'));
		payWorkflowId = await topo.activateWorkflow(
			payByWebhook({ path: 'pay', organizationId: payOrg, credential, batchSize: 3 }),
		);
	}, 300_000);

	afterAll(async () => {
		await topo?.stop();
		process.stdout.write(`\n[queue mode measured] ${JSON.stringify(measured, null, 2)}\n`);
	});

	it('npm installed the package alone on the main and on every worker, and the main loads it', async () => {
		const types = await topo.main.loadedNodeTypes();
		expect(types).toEqual(expect.arrayContaining([AMILI_PAYMENT_TYPE, `${AMILI_PACKAGE}.amili`]));
		for (const instance of [topo.main, ...topo.workers.map((w) => w.instance)]) {
			// `npm install n8n-nodes-amili` left our package alone: n8n's own n8n-workflow is used.
			expect(installedPackages(nodesFolder(instance.userFolder))).toEqual([PACKAGE_NAME]);
			const installed = communityPackageDir(instance.userFolder);
			expect(missingN8nFiles(installed)).toEqual([]);
		}
		for (const worker of topo.workers) expect(worker.running).toBe(true);
	});

	it('runs a webhook-started execution on a worker, which posts the payments and answers with the batches', async () => {
		const before = startedByWorker(topo);
		const sent = payments(4, 'FIRST');
		const call = await postJson(topo.webhookUrl('pay'), { payments: sent });

		const batches = batchesOf(call);
		expect(batches.map((b) => b.paymentCount)).toEqual([3, 1]);
		expect(batches.flatMap((b) => b.uniqueSourcePaymentIds as string[])).toEqual(idsOf(sent));
		expect(idsOf(topo.sim.receivedPayments(payOrg) as unknown as JsonObject[])).toEqual(
			idsOf(sent),
		);
		const ran = [...startedSince(topo, before).values()].flat();
		expect(ran).toHaveLength(1);
		const rows = await topo.executionRows(payWorkflowId);
		expect(rows).toEqual([
			expect.objectContaining({ id: ran[0], status: 'success', mode: 'webhook' }),
		]);
		// The first execution fetched the token and n8n stored it in the credential (PostgreSQL).
		expect(topo.sim.tokenRequestCount).toBe(1);
	});

	it('20 executions in flight at once across both workers: every payment reaches Amili exactly once, each output holds its batches, no new token', async () => {
		const before = startedByWorker(topo);
		const tokensBefore = topo.sim.tokenRequestCount;
		const receivedBefore = topo.sim.receivedPayments(payOrg).length;
		// Amili takes 4 s to answer each execution's first batch: all 20 must be open at once.
		topo.sim.addFault({ route: 'createPayments', orgId: payOrg, delayMs: 4000, times: 20 });
		const bodies = Array.from({ length: 20 }, (_, i) => payments(6, `RUN${i}`));
		const started = Date.now();
		const calls = await Promise.all(
			bodies.map((sent) => postJson(topo.webhookUrl('pay'), { payments: sent })),
		);
		const wallMs = Date.now() - started;

		calls.forEach((call, i) => {
			const batches = batchesOf(call);
			expect(batches.map((b) => b.paymentCount)).toEqual([3, 3]);
			expect(batches.flatMap((b) => b.uniqueSourcePaymentIds as string[])).toEqual(
				idsOf(bodies[i]),
			);
			for (const batch of batches) expect(topo.sim.batch(String(batch.batchId))).toBeDefined();
		});
		const received = topo.sim.receivedPayments(payOrg).slice(receivedBefore);
		expect(received).toHaveLength(120);
		expect(new Set(idsOf(received as unknown as JsonObject[]))).toEqual(
			new Set(bodies.flatMap(idsOf)),
		);
		expect(topo.sim.duplicatePaymentIds(payOrg)).toEqual([]);
		const inFlight = maxConcurrentPaymentRequests(topo.sim, payOrg);
		expect(inFlight).toBe(20);

		const perWorker = startedSince(topo, before);
		const ids = [...perWorker.values()].flat();
		expect(ids).toHaveLength(20);
		expect(new Set(ids).size).toBe(20);
		for (const [, list] of perWorker) expect(list.length).toBeGreaterThan(0);
		const rows = (await topo.executionRows(payWorkflowId)).filter((r) => ids.includes(r.id));
		expect(rows.map((r) => r.status)).toEqual(Array(20).fill('success'));
		// Both workers used the token the first execution stored: none fetched another.
		expect(topo.sim.tokenRequestCount - tokensBefore).toBe(0);

		measured.concurrent = {
			executions: 20,
			payments: received.length,
			duplicates: topo.sim.duplicatePaymentIds(payOrg).length,
			maxPaymentRequestsOpenAtOnce: inFlight,
			perWorker: Object.fromEntries([...perWorker].map(([name, list]) => [name, list.length])),
			tokenFetches: topo.sim.tokenRequestCount - tokensBefore,
			wallSeconds: wallMs / 1000,
		};
	});

	it('a cold credential under a burst: measures token fetches, and the next burst reuses the stored token', async () => {
		const coldOrg = randomUUID();
		const cold = await topo.createCredential(oauth2Credential(topo.sim, 'Amili OAuth2 (cold)'));
		await topo.activateWorkflow(
			payByWebhook({ path: 'pay-cold', organizationId: coldOrg, credential: cold }),
		);
		const burst = async (tag: string) => {
			const before = topo.sim.tokenRequestCount;
			const calls = await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					postJson(topo.webhookUrl('pay-cold'), { payments: payments(1, `${tag}${i}`) }),
				),
			);
			for (const call of calls) expect(batchesOf(call)).toHaveLength(1);
			return topo.sim.tokenRequestCount - before;
		};
		const coldFetches = await burst('COLD');
		const warmFetches = await burst('WARM');

		expect(coldFetches).toBeGreaterThanOrEqual(1);
		expect(coldFetches).toBeLessThanOrEqual(20);
		expect(warmFetches).toBe(0);
		expect(topo.sim.receivedPayments(coldOrg)).toHaveLength(40);
		expect(topo.sim.duplicatePaymentIds(coldOrg)).toEqual([]);
		measured.tokens = { coldBurstOf20: coldFetches, warmBurstOf20: warmFetches };
	});

	describe('Amili Trigger in queue mode', () => {
		let url: string;
		let triggerWorkflowId: string;

		const deliver = (key: string) =>
			topo.sim.deliverWebhook(
				url,
				'BATCH_COMPLETED',
				{ batchId: randomUUID(), organizationId: payOrg, status: 'SUCCESS' },
				{ idempotencyKey: key },
			);

		/**
		 * Idempotency keys of the events the workflow's executions started with (one per execution),
		 * read from the database the workers wrote, once every execution there has ended. Not through
		 * the main's REST list: it leaves out what the main still holds as running, and on a loaded
		 * machine it lagged behind the database by more than a minute (2 of 13 executions missing).
		 */
		async function processedKeys(expectAtLeast: number): Promise<string[]> {
			const rows = await settledExecutions(topo, triggerWorkflowId, expectAtLeast);
			const ids = rows.map((row) => Number(row.id)).join(',');
			const out = await topo.pg.query(
				`SELECT json_agg(data ORDER BY "executionId") FROM execution_data WHERE "executionId" IN (${ids})`,
			);
			const known = [...sequential, ...concurrent];
			// Each execution's data (n8n's flatted JSON) holds its own event, so exactly one known key.
			return (JSON.parse(out) as string[]).map((data) => {
				const found = known.filter((key) => data.includes(key));
				return found.length === 1 ? found[0] : `unclear: ${found.join(' ')}`;
			});
		}

		beforeAll(async () => {
			const webhookId = n8nId();
			triggerWorkflowId = await topo.activateWorkflow(
				workflow({
					name: 'Amili events (queue)',
					nodes: [
						{
							name: 'Amili Trigger',
							type: AMILI_TRIGGER_TYPE,
							typeVersion: 1,
							webhookId,
							parameters: {},
						},
						{ name: 'Handle event', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
					],
					connections: chain('Amili Trigger', 'Handle event'),
				}),
			);
			url = `${topo.main.baseUrl}/webhook/${webhookId}/webhook`;
		});

		/** Delivers each key once, one after another, each answered before the next is sent. */
		async function deliverInTurn(keys: string[]) {
			const answers = [];
			for (const key of keys) answers.push(await deliver(key));
			return answers;
		}
		const started = (answer: { body: unknown }) =>
			(answer.body as { started?: boolean } | undefined)?.started !== false;

		const sequential = Array.from({ length: 3 }, () => `seq-${randomUUID()}`);
		const concurrent = Array.from({ length: 10 }, () => `con-${randomUUID()}`);
		const count = (processed: string[], key: string) => processed.filter((k) => k === key).length;
		const storedKeys = async () => {
			const json = await topo.pg.query(
				`SELECT "staticData" FROM workflow_entity WHERE id = '${triggerWorkflowId}'`,
			);
			const data = (json ? JSON.parse(json) : null) as {
				'node:Amili Trigger'?: { deliveryKeys?: string[] };
			} | null;
			return data?.['node:Amili Trigger']?.deliveryKeys ?? [];
		};
		/** n8n saves a webhook's static data after it has answered: read it once it has stopped changing. */
		const settledStoredKeys = async () => {
			let previous = JSON.stringify(await storedKeys());
			for (let i = 0; i < 40; i++) {
				await new Promise((resolve) => setTimeout(resolve, 300));
				const current = JSON.stringify(await storedKeys());
				if (current === previous) return JSON.parse(current) as string[];
				previous = current;
			}
			throw new Error("the trigger's static data kept changing for 12 s");
		};

		it('the same event delivered twice at once to the main starts one execution, and a later redelivery none', async () => {
			const first = await deliverInTurn(sequential);
			await settledExecutions(topo, triggerWorkflowId, 3);
			const again = await deliverInTurn(sequential);
			const burst = await Promise.all(concurrent.flatMap((key) => [deliver(key), deliver(key)]));
			for (const answer of [...first, ...again, ...burst]) expect(answer.status).toBe(200);
			expect(again.filter(started)).toEqual([]);
			const processed = await processedKeys(3 + concurrent.length);
			for (const key of [...sequential, ...concurrent]) expect(count(processed, key)).toBe(1);
			expect(processed).toHaveLength(3 + concurrent.length);

			// Every save carries all the keys the main has seen, so the last one erases none of the
			// events delivered one at a time.
			const stored = await settledStoredKeys();
			expect(sequential.filter((k) => !stored.includes(`key:${k}`))).toEqual([]);
			measured.trigger = {
				sequentialRedeliveriesDropped: `${again.filter((a) => !started(a)).length} of ${sequential.length}`,
				concurrentDuplicatePairsProcessedOnce: `${concurrent.filter((k) => count(processed, k) === 1).length} of ${concurrent.length}`,
				burstKeysInStaticData: `${concurrent.filter((k) => stored.includes(`key:${k}`)).length} of ${concurrent.length}`,
			};
		});

		it('after the main restarts (memory gone, as on another webhook process), a redelivery is dropped if its key reached static data: events delivered one at a time, not every event of an overlapping burst', async () => {
			const stored = await settledStoredKeys();
			await topo.main.stop();
			await topo.main.start({ timeoutMs: 120_000 });
			await waitFor('the trigger webhook registered again', async () => {
				const answer = await deliver(sequential[0]);
				return answer.status === 200 ? answer : undefined;
			});
			const again = await deliverInTurn([...sequential, ...concurrent]);
			const passed = [...sequential, ...concurrent].filter((_, i) => started(again[i]));
			// Exactly the keys static data lacked pass again, and each of those starts one more execution.
			expect(passed).toEqual(
				[...sequential, ...concurrent].filter((k) => !stored.includes(`key:${k}`)),
			);
			expect(passed.filter((k) => sequential.includes(k))).toEqual([]);
			const processed = await processedKeys(3 + concurrent.length + passed.length);
			for (const key of [...sequential, ...concurrent])
				expect(count(processed, key)).toBe(passed.includes(key) ? 2 : 1);
			(measured.trigger as Record<string, unknown>).afterMainRestartRedeliveriesDropped =
				`${sequential.length + concurrent.length - passed.length} of ${sequential.length + concurrent.length} (all ${sequential.length} delivered one at a time; ${concurrent.length - passed.length} of the ${concurrent.length} burst events)`;
		});
	});

	it('a worker killed mid-run: its executions are reported failed, not re-run, and no payment is posted twice', async () => {
		const killOrg = randomUUID();
		const killWorkflowId = await topo.activateWorkflow(
			payByWebhook({ path: 'pay-kill', organizationId: killOrg, credential, batchSize: 2 }),
		);
		// Every request of this organization waits 6 s at Amili: the kill lands while batch 1 is in flight.
		topo.sim.addFault({ route: 'createPayments', orgId: killOrg, delayMs: 6000, times: 100 });
		const before = startedByWorker(topo);
		const bodies = Array.from({ length: 6 }, (_, i) => payments(4, `KILL${i}`));
		const callsAt = Date.now();
		const calls = bodies.map((sent) => postJson(topo.webhookUrl('pay-kill'), { payments: sent }));
		await waitFor('every first batch in flight at Amili', () =>
			topo.sim.requests.filter((r) => r.route === 'createPayments' && r.orgId === killOrg).length >=
			6
				? true
				: undefined,
		);
		const running = startedSince(topo, before);
		const [victim, survivor] = [...topo.workers].sort(
			(a, b) => (running.get(b.name)?.length ?? 0) - (running.get(a.name)?.length ?? 0),
		);
		const victimIds = running.get(victim.name) ?? [];
		const survivorIds = running.get(survivor.name) ?? [];
		expect(victimIds.length).toBeGreaterThan(0);
		const killedAt = Date.now();
		await victim.kill();

		const answers = await Promise.all(calls);
		const rows = await settledExecutions(topo, killWorkflowId, 6);
		// Longer than the lock and two stalled checks: time for n8n to re-run anything it would.
		await new Promise((r) => setTimeout(r, 12_000));
		const rowsLater = await topo.executionRows(killWorkflowId);
		expect(rowsLater).toEqual(rows);
		expect(rows).toHaveLength(6);

		const statusOf = new Map(rows.map((r) => [r.id, r.status]));
		for (const id of survivorIds) expect(statusOf.get(id)).toBe('success');
		for (const id of victimIds) expect(['error', 'crashed']).toContain(statusOf.get(id));
		// Not re-run: the surviving worker never started the killed worker's executions.
		expect(survivor.executions.started.filter((id) => victimIds.includes(id))).toEqual([]);

		// Each webhook call: 200 with both batches, or an error answer; which one matches the worker.
		const succeeded = answers.filter((a) => a.status === 200);
		expect(succeeded).toHaveLength(survivorIds.length);
		for (const answer of succeeded)
			expect(batchesOf(answer).map((b) => b.paymentCount)).toEqual([2, 2]);

		// Nothing twice; of a killed execution only the batch that was in flight reached Amili.
		expect(topo.sim.duplicatePaymentIds(killOrg)).toEqual([]);
		const received = new Set(idsOf(topo.sim.receivedPayments(killOrg) as unknown as JsonObject[]));
		const perBody = bodies.map((sent) => idsOf(sent).filter((id) => received.has(id)).length);
		expect(perBody.filter((n) => n === 4)).toHaveLength(survivorIds.length);
		expect(perBody.filter((n) => n === 2)).toHaveLength(victimIds.length);

		measured.workerKill = {
			executions: 6,
			onKilledWorker: victimIds.length,
			onSurvivor: survivorIds.length,
			killedStatuses: victimIds.map((id) => statusOf.get(id)),
			killedAnswers: answers
				.filter((a) => a.status !== 200)
				.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 80)}`),
			reRun: 0,
			killedReportedFailedSecondsAfterKill: answers
				.filter((a) => a.status !== 200)
				.map((a) => Math.round((callsAt + a.ms - killedAt) / 100) / 10),
			paymentsOfKilledExecutionsAtAmili: `${victimIds.length * 2} of ${victimIds.length * 4} (the batch in flight; 0 posted twice)`,
		};
	});

	it('a worker without the package fails the execution with "Unrecognized node type" (why every worker needs it)', async () => {
		// Only a worker without the package is left to take the job.
		await Promise.all(topo.workers.map((w) => w.stop()));
		const bare = await topo.addWorker({ installPackage: false });
		expect(installedPackages(nodesFolder(bare.instance.userFolder))).toEqual([]);
		const before = startedByWorker(topo);
		const call = await postJson(topo.webhookUrl('pay'), { payments: payments(1, 'BARE') });
		expect(call.status).not.toBe(200);
		const ran = startedSince(topo, before).get(bare.name) ?? [];
		const rows = await settledExecutions(topo, payWorkflowId, 1);
		const failed = rows.filter((r) => ran.includes(r.id));
		expect(failed.map((r) => r.status)).toEqual(['error']);
		const logs = `${bare.output()}\n${topo.main.serverOutput()}`;
		expect(logs).toMatch(/Unrecognized node type: n8n-nodes-amili\.amiliPayment/);
		expect(
			topo.sim.receivedPayments(payOrg).filter((p) => p.uniqueSourcePaymentId.startsWith('BARE')),
		).toEqual([]);
		measured.workerWithoutPackage = { status: failed[0]?.status, webhookAnswer: call.status };
	});
});
