/**
 * The money-safety promises (RELIABILITY.md), each checked in a real n8n against faults the
 * simulator injects on the wire. A run posts 6 payments in 3 batches of 2; the fault hits batch 2.
 *
 * 1. every input item ends in exactly one place: a batch Amili accepted, or an error item;
 * 2. no payment is sent twice; a request whose outcome is unknown is reported, never re-sent;
 * 3. no bad input reaches Amili (see payment.test.ts and the property tests);
 * 4. no secret in outputs, errors or logs;
 * 5. retries and waits stop within their limits.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import { startSimulator, type AmiliSimulator, type Fault } from '../simulator';
import { freePort, N8nInstance, nodeError, outputOf, type ExecuteResult } from '../harness/n8n';
import { newestLineOnly } from '../harness/lines';
import {
	accessTokenCredential,
	amiliPayment,
	chain,
	code,
	connect,
	manualTrigger,
	oauth2Credential,
	ref,
	workflow,
	type CredentialJson,
	type JsonObject,
} from '../harness/workflow';

const IDS = ['P-0', 'P-1', 'P-2', 'P-3', 'P-4', 'P-5'];
const BATCH_2 = ['P-2', 'P-3'];

/** A Code node emitting one payment per ID, in order. */
const paymentsNode = (ids: string[]) =>
	code(
		'Payments',
		`return ${JSON.stringify(ids)}.map((id) => ({ json: {
		invoiceNumber: 'INV-' + id, uniqueSourcePaymentId: id, amount: 100, currency: 'NOK', date: '2025-03-09',
	} }));`,
	);
const sixPayments = paymentsNode(IDS);

/** Lets batch 1 through untouched, so the next fault hits batch 2. */
const PASS_FIRST: Fault = { route: 'createPayments', delayMs: 0 };

interface Run {
	org: string;
	ids: string[];
	result: ExecuteResult;
	posted: JsonObject[];
	refused: JsonObject[];
	durationMs: number;
}

describe('reliability under faults, in real n8n', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let oauth: CredentialJson;

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator()]);
		oauth = oauth2Credential(sim);
		await n8n.importCredentials([oauth]);
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	beforeEach(() => sim.reset());

	/** Continue (using error output), Each Input Item: successes on output 0, failures on output 1. */
	async function runContinuing(faults: Fault[], options: JsonObject = {}, ids = IDS): Promise<Run> {
		const org = randomUUID();
		for (const fault of faults) sim.addFault({ ...fault, orgId: org });
		const node = {
			...amiliPayment({
				organizationId: org,
				credential: ref(oauth),
				options: { batchSize: 2, output: 'items', ...options } as { batchSize: number },
			}),
			onError: 'continueErrorOutput',
		};
		const connections = chain('Start', 'Payments', 'Amili Payment');
		connect(connections, 'Amili Payment', 'Posted', 0);
		connect(connections, 'Amili Payment', 'Refused', 1);
		const started = Date.now();
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					paymentsNode(ids),
					node,
					code('Posted', 'return $input.all();'),
					code('Refused', 'return $input.all();'),
				],
				connections,
			}),
		);
		const durationMs = Date.now() - started;
		expect(result.error).toBeUndefined();
		return {
			org,
			ids,
			result,
			posted: outputOf(result, 'Amili Payment', 0),
			refused: outputOf(result, 'Amili Payment', 1),
			durationMs,
		};
	}

	/** Invariants 1, 2 and 4 for a continuing run. */
	function expectEveryItemOnce(run: Run): void {
		const placed = [...run.posted, ...run.refused].map((item) => item.uniqueSourcePaymentId).sort();
		expect(placed).toEqual([...run.ids].sort());
		const received = sim.receivedPayments(run.org).map((p) => p.uniqueSourcePaymentId);
		expect(sim.duplicatePaymentIds(run.org)).toEqual([]);
		for (const item of run.posted) expect(received).toContain(item.uniqueSourcePaymentId);
		for (const item of run.refused) {
			const outcome = (item.details as JsonObject | undefined)?.outcome;
			// A failure Amili definitely did not act on must not have reached it.
			if (outcome === 'rejected' || outcome === 'notSent')
				expect(received).not.toContain(item.uniqueSourcePaymentId);
		}
		expect(
			`${n8n.allOutput()}${JSON.stringify(run.result.execution)}`.includes(sim.clientSecret),
		).toBe(false);
	}

	const createAttempts = (org: string) =>
		sim.requests
			.filter((r) => r.route === 'createPayments' && r.orgId === org)
			.map((r) => r.status);

	it.each<[string, Fault]>([
		['429 with Retry-After in seconds', { status: 429, headers: { 'Retry-After': '1' }, times: 2 }],
		[
			'429 with Retry-After as an HTTP date',
			{ status: 429, headers: { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() } },
		],
		['429 without Retry-After (backoff)', { status: 429 }],
	])('%s: waits, retries and registers everything once', async (_name, fault) => {
		// An HTTP date is absolute: make it one second from the moment of the run.
		const live = fault.headers?.['Retry-After']?.includes('GMT')
			? { ...fault, headers: { 'Retry-After': new Date(Date.now() + 2_000).toUTCString() } }
			: fault;
		const run = await runContinuing([PASS_FIRST, { route: 'createPayments', ...live }]);

		expectEveryItemOnce(run);
		expect(run.refused).toEqual([]);
		expect(sim.receivedPayments(run.org)).toHaveLength(6);
		expect(createAttempts(run.org).filter((s) => s === 202)).toHaveLength(3);
	});

	newestLineOnly(
		'a 429 storm: gives up after 5 attempts, reports batch 2, still sends batches 1 and 3',
		async () => {
			const run = await runContinuing([
				PASS_FIRST,
				{ route: 'createPayments', status: 429, headers: { 'Retry-After': '1' }, times: 5 },
			]);

			expectEveryItemOnce(run);
			expect(run.refused.map((r) => r.uniqueSourcePaymentId)).toEqual(BATCH_2);
			expect(String(run.refused[0].error)).toContain('limiting the request rate (HTTP 429)');
			expect((run.refused[0].details as JsonObject).description).toContain(
				'gave up after 5 attempts',
			);
			expect(createAttempts(run.org)).toEqual([202, 429, 429, 429, 429, 429, 202]);
			// Bounded: 4 waits of 1 s, nothing more.
			expect(run.durationMs).toBeLessThan(30_000);
		},
	);

	newestLineOnly(
		'a Retry-After longer than the node may wait: no waiting at all, batch 2 reported',
		async () => {
			const run = await runContinuing([
				PASS_FIRST,
				{ route: 'createPayments', status: 429, headers: { 'Retry-After': '3600' } },
			]);

			expectEveryItemOnce(run);
			expect(run.refused.map((r) => r.uniqueSourcePaymentId)).toEqual(BATCH_2);
			expect((run.refused[0].details as JsonObject).description).toContain('asked to wait 3600 s');
			expect(createAttempts(run.org)).toEqual([202, 429, 202]);
		},
	);

	newestLineOnly.each<[string, Fault, 'unknown' | 'accepted', boolean]>([
		['500', { status: 500, body: { message: 'boom' } }, 'unknown', false],
		// Amili does not say a 503 means nothing was registered: a create is not sent again.
		['503', { status: 503 }, 'unknown', false],
		['connection reset before processing', { reset: 'before-processing' }, 'unknown', false],
		['connection reset after processing', { reset: 'after-processing' }, 'unknown', true],
		['an answer slower than the timeout', { delayMs: 4_000 }, 'unknown', true],
		['202 with an empty body', { status: 202, rawBody: '' }, 'accepted', false],
		['202 with a malformed body', { status: 202, rawBody: 'not json' }, 'accepted', false],
	])(
		'%s: batch 2 is reported (outcome %s), never re-sent; batches 1 and 3 go on',
		async (_name, fault, outcome, reachedAmili) => {
			const run = await runContinuing([PASS_FIRST, { route: 'createPayments', ...fault }], {
				timeout: 1_500,
			});

			expectEveryItemOnce(run);
			expect(run.refused.map((r) => r.uniqueSourcePaymentId)).toEqual(BATCH_2);
			expect(run.refused.map((r) => (r.details as JsonObject).outcome)).toEqual([outcome, outcome]);
			// Exactly one request carried batch 2: it was not repeated.
			expect(createAttempts(run.org)).toHaveLength(3);
			if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs)); // let the slow answer land
			const received = sim.receivedPayments(run.org).map((p) => p.uniqueSourcePaymentId);
			if (reachedAmili) expect(received).toEqual(expect.arrayContaining(BATCH_2));
			expect(sim.duplicatePaymentIds(run.org)).toEqual([]);
		},
	);

	newestLineOnly(
		'without Continue On Fail: stops at batch 2 and names the batch Amili already has',
		async () => {
			const org = randomUUID();
			sim.addFault({ ...PASS_FIRST, orgId: org });
			sim.addFault({ route: 'createPayments', orgId: org, reset: 'after-processing' });
			const result = await n8n.run(
				workflow({
					nodes: [
						manualTrigger(),
						sixPayments,
						amiliPayment({
							organizationId: org,
							credential: ref(oauth),
							options: { batchSize: 2 },
						}),
					],
					connections: chain('Start', 'Payments', 'Amili Payment'),
				}),
			);

			const error = nodeError(result, 'Amili Payment');
			const [first] = sim.paymentBatches(org);
			expect(error?.message).toMatch(/^Outcome unknown/);
			expect(error?.description).toContain('P-2, P-3');
			expect(error?.description).toContain(
				`Already accepted by Amili in this run, do not send again: ${first.batchId} (items 0–1)`,
			);
			// Batch 3 was never attempted: the run stopped where the outcome became unknown.
			expect(sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId)).toEqual([
				'P-0',
				'P-1',
				'P-2',
				'P-3',
			]);
			expect(createAttempts(org)).toHaveLength(2);
		},
	);

	newestLineOnly(
		'Amili down: nothing reached it, the node says so after a bounded number of tries',
		async () => {
			const port = await freePort(); // nothing listens here
			const down = accessTokenCredential(
				`http://127.0.0.1:${port}/collection/v1`,
				sim.issueAccessToken(),
				'Amili (down)',
			);
			await n8n.importCredentials([down]);
			const started = Date.now();
			const result = await n8n.run(
				workflow({
					nodes: [
						manualTrigger(),
						sixPayments,
						amiliPayment({ organizationId: randomUUID(), credential: ref(down) }),
					],
					connections: chain('Start', 'Payments', 'Amili Payment'),
				}),
			);

			const error = nodeError(result, 'Amili Payment');
			expect(error?.message).toBe(
				`Could not reach Amili: could not connect to http://127.0.0.1:${port} (ECONNREFUSED)`,
			);
			expect(error?.description).toContain('Nothing reached Amili');
			expect(error?.description).toContain('gave up after 5 attempts');
			expect(Date.now() - started).toBeLessThan(60_000);
		},
	);

	newestLineOnly(
		'refuses a plain-HTTP API base URL that is not this machine, before any request',
		async () => {
			const insecure = accessTokenCredential(
				'http://amili.invalid/collection/v1',
				sim.issueAccessToken(),
				'Amili (http)',
			);
			await n8n.importCredentials([insecure]);
			const result = await n8n.run(
				workflow({
					nodes: [
						manualTrigger(),
						sixPayments,
						amiliPayment({ organizationId: randomUUID(), credential: ref(insecure) }),
					],
					connections: chain('Start', 'Payments', 'Amili Payment'),
				}),
			);
			expect(nodeError(result, 'Amili Payment')?.message).toContain('is not HTTPS');
		},
	);

	describe('a redirect', () => {
		let elsewhere: Server;
		const seen: Array<string | undefined> = [];

		beforeAll(async () => {
			elsewhere = createServer((req, res) => {
				seen.push(req.headers.authorization);
				res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
			});
			await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		});

		afterAll(() => new Promise((resolve) => elsewhere.close(resolve)));

		newestLineOnly('is not followed: the token never travels to another host', async () => {
			const address = elsewhere.address() as { port: number };
			const run = await runContinuing([
				PASS_FIRST,
				{
					route: 'createPayments',
					status: 307,
					headers: { Location: `http://127.0.0.1:${address.port}/steal` },
				},
			]);

			expectEveryItemOnce(run);
			expect(run.refused.map((r) => r.uniqueSourcePaymentId)).toEqual(BATCH_2);
			expect(String(run.refused[0].error)).toContain('HTTP status 307');
			expect(seen).toEqual([]);
		});
	});

	/**
	 * Several requests in flight (Parallel Requests 4): 16 payments in 8 batches of 2. Faults are
	 * taken in arrival order, and with 4 in flight that order is not the plan's, so these tests name
	 * the batch a fault hit from what the node reports, not in advance.
	 */
	describe('with 4 requests in flight', () => {
		const SIXTEEN = Array.from({ length: 16 }, (_, i) => `Q-${String(i).padStart(2, '0')}`);
		const PARALLEL = { parallelRequests: 4 };
		const posts = (org: string) =>
			sim.requests.filter((r) => r.route === 'createPayments' && r.orgId === org);
		const ids = (items: JsonObject[]) => items.map((item) => item.uniqueSourcePaymentId);

		/** The refused items are one whole batch of the plan: two IDs, positions 2k and 2k+1. */
		function expectOneBatch(refused: JsonObject[]): void {
			const [first, second] = ids(refused).map((id) => SIXTEEN.indexOf(id as string));
			expect(refused).toHaveLength(2);
			expect([first % 2, second - first]).toEqual([0, 1]);
		}

		newestLineOnly(
			'a 429 storm: every request waits out Retry-After, each batch is registered once',
			async () => {
				const run = await runContinuing(
					[
						{ route: 'createPayments', delayMs: 300, times: 2 },
						{ route: 'createPayments', status: 429, headers: { 'Retry-After': '1' }, times: 3 },
					],
					PARALLEL,
					SIXTEEN,
				);

				expectEveryItemOnce(run);
				expect(run.refused).toEqual([]);
				expect(ids(run.posted)).toEqual(SIXTEEN);
				expect(sim.paymentBatches(run.org)).toHaveLength(8);
				const sent = posts(run.org);
				expect(sent.filter((r) => r.status === 429)).toHaveLength(3);
				// After each 429 the node knows within a moment; from then, nothing is sent until its
				// Retry-After has passed — by any of the requests, not only the one that got it. The first
				// four went out together before any answer, so they may land late on a busy machine.
				for (const limited of sent.filter((r) => r.status === 429)) {
					const answeredAt = Date.parse(limited.at) + (limited.durationMs ?? 0);
					const tooEarly = sent
						.slice(PARALLEL.parallelRequests)
						.map((r) => Date.parse(r.at) - answeredAt)
						.filter((delay) => delay >= 200 && delay < 1000);
					expect(tooEarly).toEqual([]);
				}
			},
		);

		newestLineOnly(
			'a lost answer among several in flight: that batch is "outcome unknown", never re-sent',
			async () => {
				const run = await runContinuing(
					[
						{ route: 'createPayments', delayMs: 200, times: 2 },
						{ route: 'createPayments', reset: 'after-processing' },
					],
					PARALLEL,
					SIXTEEN,
				);

				expectEveryItemOnce(run);
				expectOneBatch(run.refused);
				expect(run.refused.map((r) => (r.details as JsonObject).outcome)).toEqual([
					'unknown',
					'unknown',
				]);
				// Amili has it (the answer was lost after processing) and got it exactly once.
				const received = sim.receivedPayments(run.org).map((p) => p.uniqueSourcePaymentId);
				expect(received).toEqual(expect.arrayContaining(ids(run.refused)));
				expect(posts(run.org)).toHaveLength(8);
				expect(ids(run.posted)).toEqual(SIXTEEN.filter((id) => !ids(run.refused).includes(id)));
			},
		);

		newestLineOnly(
			'a 422 in the middle, Continue On Fail: error items for that batch only, output in input order',
			async () => {
				const run = await runContinuing(
					[
						{ route: 'createPayments', delayMs: 100, times: 3 },
						{ route: 'createPayments', status: 422, body: { message: 'invalid' } },
					],
					PARALLEL,
					SIXTEEN,
				);

				expectEveryItemOnce(run);
				expectOneBatch(run.refused);
				expect(run.refused.map((r) => (r.details as JsonObject).outcome)).toEqual([
					'rejected',
					'rejected',
				]);
				expect(ids(run.posted)).toEqual(SIXTEEN.filter((id) => !ids(run.refused).includes(id)));
				expect(posts(run.org)).toHaveLength(8);
			},
		);

		newestLineOnly(
			'a 422 in the middle, without Continue On Fail: no new request, the error names every accepted batch',
			async () => {
				const org = randomUUID();
				for (const fault of [
					{ delayMs: 0, times: 2 },
					{ status: 422, body: { message: 'invalid' }, delayMs: 150 },
					{ delayMs: 600, times: 20 },
				] as Fault[])
					sim.addFault({ route: 'createPayments', orgId: org, ...fault });
				const result = await n8n.run(
					workflow({
						nodes: [
							manualTrigger(),
							paymentsNode(SIXTEEN),
							amiliPayment({
								organizationId: org,
								credential: ref(oauth),
								options: { batchSize: 2, ...PARALLEL } as { batchSize: number },
							}),
						],
						connections: chain('Start', 'Payments', 'Amili Payment'),
					}),
				);

				const error = nodeError(result, 'Amili Payment');
				expect(error?.message).toContain('422');
				// Two answered fast and their workers sent the next two; with the 422 back, nothing more
				// was started, and the three still in flight were heard out.
				expect(posts(org).map((r) => r.status)).toHaveLength(6);
				const accepted = sim.paymentBatches(org);
				expect(accepted).toHaveLength(5);
				for (const { batchId } of accepted) expect(error?.description).toContain(batchId);
				expect(sim.receivedPayments(org)).toHaveLength(10);
				expect(sim.duplicatePaymentIds(org)).toEqual([]);
			},
		);
	});
});
