/**
 * The Amili Trigger in a real n8n 2.41.1 (server mode, production webhook URLs), fed by the
 * simulator's deliverWebhook exactly as Amili documents its deliveries (docs/amili-api.md, "Webhook
 * deliveries"). Published workflows: one takes every event; two take only BATCH_COMPLETED and check
 * a shared-secret header, one kept in the Amili Webhook Secret credential (version 2), one in
 * parameters as version 1 saved it.
 * What ran is read back from n8n's public API (executions with their data).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	startSimulator,
	type AmiliSimulator,
	type WebhookData,
	type WebhookEvent,
} from '../simulator';
import { emittedBy, N8nInstance } from '../harness/n8n';
import { newestLineOnly } from '../harness/lines';
import { REPO_ROOT } from '../harness/runtime';
import {
	AMILI_PACKAGE,
	chain,
	code,
	n8nId,
	oauth2Credential,
	workflow,
	type CredentialRef,
	type WorkflowInput,
} from '../harness/workflow';

const TRIGGER_TYPE = `${AMILI_PACKAGE}.amiliTrigger`;
const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
const SECRET_HEADER = 'X-Amili-Secret';
const SECRET = `portal-secret-${randomUUID()}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function triggerWorkflow(
	name: string,
	webhookId: string,
	parameters: Record<string, unknown>,
	{
		typeVersion = 2,
		credentials,
	}: { typeVersion?: number; credentials?: Record<string, CredentialRef> } = {},
) {
	return workflow({
		name,
		nodes: [
			{
				name: 'Amili Trigger',
				type: TRIGGER_TYPE,
				typeVersion,
				webhookId,
				parameters,
				...(credentials && { credentials }),
			},
			code('Record', 'return $input.all();'),
		],
		connections: chain('Amili Trigger', 'Record'),
	});
}

const DATA: { [E in WebhookEvent]: WebhookData[E] } = {
	BATCH_COMPLETED: { batchId: randomUUID(), organizationId: ORG, status: 'PARTIAL' },
	SETTLEMENT_CREATED: {
		settlementId: randomUUID(),
		organizationId: ORG,
		settlementDate: '2025-08-15',
		invoiceId: randomUUID(),
		invoiceNumber: '1234567',
		caseNumber: '5000001',
	},
	CASE: {
		orgId: ORG,
		caseId: randomUUID(),
		caseNumber: '5000001',
		type: 'COLLECTION_NOTICE',
		status: 'OPEN',
		invoices: [randomUUID()],
	},
	CASE_UPDATED: {
		orgId: ORG,
		caseId: randomUUID(),
		caseNumber: '5000001',
		type: 'COLLECTION_NOTICE',
		status: 'PAUSED',
		invoices: [randomUUID()],
		fields: ['status'],
	},
};

describe('Amili Trigger (webhook) in real n8n', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let allId: string;
	let batchOnlyId: string;
	let batchOnlyV1Id: string;
	let allUrl: string;
	let batchOnlyUrl: string;
	let batchOnlyV1Url: string;
	let exampleId: string;
	let exampleUrl: string;

	/** A production webhook answers 404 for a moment after activation: wait until POST is registered. */
	async function waitForWebhook(url: string): Promise<void> {
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			const text = await (await fetch(url, { method: 'GET' })).text();
			// "not registered for GET requests. Did you mean to make a POST request?" once it is live.
			if (!text.includes('is not registered.')) return;
			await sleep(200);
		}
		throw new Error(`webhook ${url} never became registered`);
	}

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator()]);
		const allHook = n8nId();
		const batchHook = n8nId();
		const batchV1Hook = n8nId();
		const [secretCredential] = await n8n.importCredentials([
			{
				name: 'Amili webhook secret',
				type: 'amiliWebhookSecretApi',
				data: { headerName: SECRET_HEADER, secret: SECRET },
			},
		]);
		[allId, batchOnlyId, batchOnlyV1Id] = await n8n.importWorkflows([
			triggerWorkflow('amili events', allHook, {}),
			triggerWorkflow(
				'amili batches, secret credential',
				batchHook,
				{ events: ['BATCH_COMPLETED'], authentication: 'sharedSecretHeader' },
				{ credentials: { amiliWebhookSecretApi: secretCredential } },
			),
			triggerWorkflow(
				'amili batches, secret parameter (saved with version 1)',
				batchV1Hook,
				{
					events: ['BATCH_COMPLETED'],
					checkSecret: true,
					headerName: SECRET_HEADER,
					secretValue: SECRET,
				},
				{ typeVersion: 1 },
			),
		]);
		// The example workflow, as a user imports it: its credential is found by name.
		await n8n.importCredentials([oauth2Credential(sim, 'Amili OAuth2 account')]);
		const example = JSON.parse(
			readFileSync(join(REPO_ROOT, 'examples/trigger-batch-completed.json'), 'utf8'),
		) as WorkflowInput;
		exampleId = await n8n.importWorkflow(example);
		for (const id of [allId, batchOnlyId, batchOnlyV1Id, exampleId]) await n8n.publishWorkflow(id);
		await n8n.start();
		allUrl = `${n8n.baseUrl}/webhook/${allHook}/webhook`;
		batchOnlyUrl = `${n8n.baseUrl}/webhook/${batchHook}/webhook`;
		batchOnlyV1Url = `${n8n.baseUrl}/webhook/${batchV1Hook}/webhook`;
		exampleUrl = `${n8n.baseUrl}/webhook/${String(example.nodes[0].webhookId)}/webhook`;
		await Promise.all([allUrl, batchOnlyUrl, batchOnlyV1Url, exampleUrl].map(waitForWebhook));
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	it('emits each documented event once, in one shape whatever key Amili used', async () => {
		const sent = [];
		for (const event of Object.keys(DATA) as WebhookEvent[]) {
			const result = await sim.deliverWebhook(allUrl, event, DATA[event]);
			expect(result.status).toBe(200);
			expect(result.body).toEqual({ received: true, started: true });
			sent.push({ event, ...result });
		}
		const runs = await n8n.finishedExecutions(allId, sent.length);
		expect(runs.map((r) => [r.mode, r.status])).toEqual(sent.map(() => ['webhook', 'success']));
		const items = runs.map((execution) => emittedBy(execution, 'Amili Trigger'));
		expect(items.map((i) => i.length)).toEqual([1, 1, 1, 1]);
		for (const [index, { event, eventId, idempotencyKey, requestId }] of sent.entries()) {
			const json = items[index][0];
			expect(json).toEqual({
				event,
				organizationId: ORG,
				id: eventId,
				timeStamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
				source: 'COLLECTION',
				data: DATA[event],
				idempotencyKey,
				requestId,
			});
		}
		// The Code node after the trigger saw the same item.
		expect(runs[0].data?.resultData?.runData?.Record?.[0]?.data?.main?.[0]?.[0]?.json).toEqual(
			items[0][0],
		);
	});

	it('acknowledges a redelivery (same IdempotencyKey) with 200 and does not run the workflow again', async () => {
		const before = (await n8n.finishedExecutions(allId, 0)).length;
		const key = randomUUID();
		const first = await sim.deliverWebhook(allUrl, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED, {
			idempotencyKey: key,
		});
		expect(first.status).toBe(200);
		await n8n.finishedExecutions(allId, before + 1);

		// Amili's retry: same key, new request id (and here even a new payload id).
		const again = await sim.deliverWebhook(allUrl, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED, {
			idempotencyKey: key,
		});
		expect(again.status).toBe(200);
		expect(again.body).toEqual({ received: true, started: false, reason: 'duplicate delivery' });
		expect(again.requestId).not.toBe(first.requestId);

		// Without an IdempotencyKey header the payload id decides.
		const eventId = randomUUID();
		const noKey = { headers: { IdempotencyKey: '' }, eventId };
		expect((await sim.deliverWebhook(allUrl, 'CASE', DATA.CASE, noKey)).status).toBe(200);
		await n8n.finishedExecutions(allId, before + 2);
		const retried = await sim.deliverWebhook(allUrl, 'CASE', DATA.CASE, noKey);
		expect(retried.body).toEqual({ received: true, started: false, reason: 'duplicate delivery' });

		await sleep(1500);
		const runs = await n8n.executions(allId);
		expect(runs).toHaveLength(before + 2);
		expect(emittedBy(runs[before], 'Amili Trigger')[0]).toMatchObject({ idempotencyKey: key });
		expect(emittedBy(runs[before + 1], 'Amili Trigger')[0]).toMatchObject({
			id: eventId,
			idempotencyKey: null,
		});
	});

	newestLineOnly(
		'drops a redelivery sent the moment the first delivery was answered, every time (20 events)',
		async () => {
			const before = (await n8n.executions(allId)).length;
			const outcomes: string[] = [];
			for (let i = 0; i < 20; i++) {
				const key = randomUUID();
				const first = await sim.deliverWebhook(allUrl, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED, {
					idempotencyKey: key,
				});
				const again = await sim.deliverWebhook(allUrl, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED, {
					idempotencyKey: key,
				});
				outcomes.push(`${JSON.stringify(first.body)} ${JSON.stringify(again.body)}`);
			}
			expect(new Set(outcomes)).toEqual(
				new Set([
					'{"received":true,"started":true} {"received":true,"started":false,"reason":"duplicate delivery"}',
				]),
			);
			expect(await n8n.finishedExecutions(allId, before + 20)).toHaveLength(before + 20);
			await sleep(1000);
			expect(await n8n.executions(allId)).toHaveLength(before + 20);
		},
	);

	newestLineOnly('drops events the Events filter does not select: 200, no execution', async () => {
		const result = await sim.deliverWebhook(
			batchOnlyUrl,
			'SETTLEMENT_CREATED',
			DATA.SETTLEMENT_CREATED,
			{
				headers: { [SECRET_HEADER]: SECRET },
			},
		);
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ received: true, started: false, reason: 'event not selected' });
		await sleep(1500);
		expect(await n8n.executions(batchOnlyId)).toHaveLength(0);
	});

	it.each([
		['version 2, secret in a credential', () => [batchOnlyUrl, batchOnlyId]],
		['version 1, secret in parameters', () => [batchOnlyV1Url, batchOnlyV1Id]],
	])(
		'%s: answers 401 without the shared secret, and runs nothing; with it the workflow runs',
		async (_, target) => {
			const [url, workflowId] = target();
			const missing = await sim.deliverWebhook(url, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED);
			const wrong = await sim.deliverWebhook(url, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED, {
				headers: { [SECRET_HEADER]: `${SECRET}x` },
			});
			// Amili's signature header is not a substitute: its scheme is not documented, so it is not read.
			const signed = await sim.deliverWebhook(url, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED, {
				headers: { 'X-Webhook-Signature': SECRET },
			});
			expect([missing.status, wrong.status, signed.status]).toEqual([401, 401, 401]);
			expect(missing.body).toEqual({ message: 'Unauthorized' });
			await sleep(1500);
			expect(await n8n.executions(workflowId)).toHaveLength(0);

			const good = await sim.deliverWebhook(url, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED, {
				headers: { [SECRET_HEADER.toLowerCase()]: SECRET },
			});
			expect(good.status).toBe(200);
			const runs = await n8n.finishedExecutions(workflowId, 1);
			expect(runs).toHaveLength(1);
			expect(emittedBy(runs[0], 'Amili Trigger')[0]).toMatchObject({
				event: 'BATCH_COMPLETED',
				idempotencyKey: good.idempotencyKey,
			});
		},
	);

	newestLineOnly(
		'keeps the version 2 secret out of the workflow: not in its JSON, nor in any log',
		async () => {
			const { status, body } = await n8n.publicApi('GET', `/workflows/${batchOnlyId}`);
			expect(status).toBe(200);
			expect(JSON.stringify(body)).toContain('sharedSecretHeader');
			expect(JSON.stringify(body)).not.toContain(SECRET);
			expect(n8n.findInLogs(SECRET)).toEqual([]);
		},
	);

	newestLineOnly(
		'activation records the Production URL in the node and calls nothing at Amili; deactivation marks it inactive',
		async () => {
			const endpointOf = async (id: string) => {
				const { body } = await n8n.publicApi<unknown>('GET', `/workflows/${id}`);
				const staticData = (
					body as {
						staticData?: Record<string, { endpoint?: { url: string; active: boolean } }> | null;
					}
				).staticData;
				return staticData?.['node:Amili Trigger']?.endpoint;
			};
			// n8n names its own host `localhost` (no WEBHOOK_URL set); the test reaches it at 127.0.0.1.
			const sameEndpoint = (url: string) => ({
				url: expect.stringMatching(
					new RegExp(`^http://localhost:${new URL(url).port}${new URL(url).pathname}$`),
				),
			});
			expect(await endpointOf(batchOnlyId)).toEqual({
				...sameEndpoint(batchOnlyUrl),
				active: true,
			});
			expect(await endpointOf(allId)).toEqual({ ...sameEndpoint(allUrl), active: true });
			// The simulator is Amili: activating four webhook workflows asked it for nothing.
			expect(sim.requests).toEqual([]);

			const requestsBefore = sim.requests.length;
			expect((await n8n.publicApi('POST', `/workflows/${batchOnlyV1Id}/deactivate`)).status).toBe(
				200,
			);
			// n8n may tear the webhook down after answering (its publication outbox): wait for it.
			const deadline = Date.now() + 15_000;
			while ((await endpointOf(batchOnlyV1Id))?.active !== false && Date.now() < deadline)
				await sleep(250);
			expect(await endpointOf(batchOnlyV1Id)).toEqual({
				...sameEndpoint(batchOnlyV1Url),
				active: false,
			});
			expect(sim.requests.length).toBe(requestsBefore);
			expect(
				(await sim.deliverWebhook(batchOnlyV1Url, 'BATCH_COMPLETED', DATA.BATCH_COMPLETED)).status,
			).toBe(404);
		},
	);

	newestLineOnly(
		'drops concurrent redeliveries too: in one n8n process exactly one of them starts the workflow',
		async () => {
			const before = (await n8n.executions(allId)).length;
			const key = randomUUID();
			const parallel = 5;
			const results = await Promise.all(
				Array.from({ length: parallel }, () =>
					sim.deliverWebhook(allUrl, 'SETTLEMENT_CREATED', DATA.SETTLEMENT_CREATED, {
						idempotencyKey: key,
					}),
				),
			);
			expect(results.every((r) => r.status === 200)).toBe(true);
			await sleep(2500);
			const started = (await n8n.executions(allId)).length - before;
			console.log(
				`concurrent redeliveries: ${parallel} sent at once with one IdempotencyKey, ${started} started the workflow`,
			);
			expect(started).toBe(1);
			expect(
				results.filter((r) => (r.body as { started?: boolean }).started === true),
			).toHaveLength(1);

			// Once they are done, the key is stored: a later redelivery is dropped.
			const later = await sim.deliverWebhook(
				allUrl,
				'SETTLEMENT_CREATED',
				DATA.SETTLEMENT_CREATED,
				{ idempotencyKey: key },
			);
			expect(later.body).toEqual({ received: true, started: false, reason: 'duplicate delivery' });
		},
	);

	newestLineOnly(
		'runs examples/trigger-batch-completed.json: a PARTIAL batch is fetched with its failed records',
		async () => {
			sim.failPaymentsMatching(['PAY-BAD'], 'Invoice is closed');
			const response = await fetch(`${sim.apiBaseUrl}/orgs/${ORG}/payments`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${sim.issueAccessToken()}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify({
					payments: ['PAY-OK', 'PAY-BAD'].map((id) => ({
						invoiceNumber: 'INV-1',
						uniqueSourcePaymentId: id,
						amount: 100,
						currency: 'NOK',
						date: '2025-08-15T00:00:00Z',
					})),
				}),
			});
			const { batchId } = ((await response.json()) as { data: { batchId: string } }).data;
			await sleep(200);
			const batch = sim.batch(batchId);
			expect(batch?.status).toBe('PARTIAL');
			expect(
				(
					await sim.deliverWebhook(exampleUrl, 'BATCH_COMPLETED', {
						batchId,
						organizationId: ORG,
						status: 'PARTIAL',
					})
				).status,
			).toBe(200);
			const [run] = await n8n.finishedExecutions(exampleId, 1);
			expect(run.status).toBe('success');
			const fetched =
				run.data?.resultData?.runData?.['Get the batch with its failed records']?.[0]?.data
					?.main?.[0]?.[0]?.json;
			expect(fetched).toMatchObject({
				batchId,
				status: 'PARTIAL',
				failed: [
					expect.objectContaining({
						uniqueSourcePaymentId: 'PAY-BAD',
						reason: 'Invoice is closed',
					}),
				],
			});
		},
	);

	newestLineOnly(
		"still drops a redelivery after n8n restarts (the keys are in the workflow's static data)",
		async () => {
			const key = randomUUID();
			expect(
				(await sim.deliverWebhook(allUrl, 'CASE', DATA.CASE, { idempotencyKey: key })).body,
			).toEqual({ received: true, started: true });
			const before = (await n8n.finishedExecutions(allId, 1)).length;
			await sleep(500);
			await n8n.stop();
			await n8n.start();
			await waitForWebhook(allUrl);
			const again = await sim.deliverWebhook(allUrl, 'CASE', DATA.CASE, { idempotencyKey: key });
			expect(again.body).toEqual({ received: true, started: false, reason: 'duplicate delivery' });
			// And a new key after the restart is stored next to the old ones.
			const fresh = randomUUID();
			expect(
				(await sim.deliverWebhook(allUrl, 'CASE', DATA.CASE, { idempotencyKey: fresh })).body,
			).toEqual({ received: true, started: true });
			await n8n.finishedExecutions(allId, before + 1);
			await n8n.stop();
			await n8n.start();
			await waitForWebhook(allUrl);
			expect(
				(await sim.deliverWebhook(allUrl, 'CASE', DATA.CASE, { idempotencyKey: fresh })).body,
			).toEqual({
				received: true,
				started: false,
				reason: 'duplicate delivery',
			});
			expect(
				(await sim.deliverWebhook(allUrl, 'CASE', DATA.CASE, { idempotencyKey: key })).body,
			).toMatchObject({ started: false });
		},
	);
});
