/**
 * create/createRecords.ts, in-process against the simulator: items become batches per organization
 * and Batch Size, an invalid item stops the run before anything is sent (or, under Continue On Fail,
 * becomes an error item paired to it), and Wait for Batch Result pairs each record's outcome back.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { execute as createPayments } from '../../nodes/Amili/actions/payment/create.operation';
import { executeContext, ORG, OTHER_ORG, useSimulator } from './in-process';

const simulator = useSimulator();

const payment = (i: number, organizationId = ORG): INodeExecutionData => ({
	json: {
		invoiceNumber: `INV-${i}`,
		uniqueSourcePaymentId: `tx-${i}`,
		amount: 100 + i,
		currency: 'NOK',
		date: '2025-03-09',
		organizationId,
	},
});

const run = async (
	items: INodeExecutionData[],
	options: Record<string, unknown> = {},
	continueOnFail = false,
) =>
	await createPayments.call(
		executeContext(simulator(), {
			items,
			continueOnFail,
			parameters: {
				organizationId: '={{ $json.organizationId }}',
				mappingMode: 'autoMapInputData',
				options,
			},
		}),
	);

describe('createRecords', () => {
	test('groups items by organization into requests of Batch Size, one output item per batch', async () => {
		const output = await run([payment(0), payment(1), payment(2, OTHER_ORG), payment(3)], {
			batchSize: 2,
		});
		expect(
			simulator()
				.paymentBatches(ORG)
				.map((batch) => batch.payments.map((p) => p.uniqueSourcePaymentId)),
		).toEqual([['tx-0', 'tx-1'], ['tx-3']]);
		expect(simulator().paymentBatches(OTHER_ORG)).toHaveLength(1);
		expect(
			output.map((item) => [
				item.json.organizationId,
				item.json.uniqueSourcePaymentIds,
				item.pairedItem,
			]),
		).toEqual([
			[ORG, ['tx-0', 'tx-1'], [{ item: 0 }, { item: 1 }]],
			[OTHER_ORG, ['tx-2'], [{ item: 2 }]],
			[ORG, ['tx-3'], [{ item: 3 }]],
		]);
		expect(output.every((item) => typeof item.json.batchId === 'string')).toBe(true);
	});

	test('an invalid item stops the run before anything is sent', async () => {
		const invalid = { json: { ...payment(1).json, amount: 'ten' } };
		await expect(run([payment(0), invalid])).rejects.toThrow(
			'Item 1: "amount" is "ten", not a number',
		);
		expect(simulator().paymentBatches()).toEqual([]);
	});

	test('under Continue On Fail the valid items are sent and the invalid one is an error item paired to it', async () => {
		const invalid = { json: { ...payment(1).json, organizationId: 'not-a-uuid' } };
		const output = await run([payment(0), invalid], {}, true);
		expect(
			simulator()
				.receivedPayments(ORG)
				.map((p) => p.uniqueSourcePaymentId),
		).toEqual(['tx-0']);
		expect(output[1]).toEqual({
			json: {
				error: 'Item 1: Organization ID "not-a-uuid" is not a UUID',
				details: expect.objectContaining({ item: 1, field: 'organizationId' }),
			},
			pairedItem: { item: 1 },
		});
	});

	test('a request Amili refuses is an error item per item of its batch, with its outcome', async () => {
		simulator().addFault({ route: 'createPayments', status: 400, body: { message: 'refused' } });
		const output = await run([payment(0), payment(1)], {}, true);
		expect(
			output.map((item) => [item.pairedItem, (item.json.details as { outcome?: string }).outcome]),
		).toEqual([
			[{ item: 0 }, 'rejected'],
			[{ item: 1 }, 'rejected'],
		]);
	});

	test('Wait for Batch Result gives each item its batch status and outcome', async () => {
		const output = await run([payment(0), payment(1)], { waitForResult: true, pollInterval: 0.1 });
		expect(
			output.map((item) => [
				item.json.uniqueSourcePaymentId,
				item.json.batchStatus,
				item.json.failed,
				item.pairedItem,
			]),
		).toEqual([
			['tx-0', 'SUCCESS', false, { item: 0 }],
			['tx-1', 'SUCCESS', false, { item: 1 }],
		]);
	});
});

describe('createRecords with several requests in flight', () => {
	const THIRD_ORG = 'c56a4180-65aa-42ec-a945-5fd21dec0538';

	/** Runs like `run`, counting at the HTTP helper how many requests were in flight at most. */
	const runInFlight = async (
		items: INodeExecutionData[],
		options: Record<string, unknown>,
		{ continueOnFail = false, typeVersion = 1 } = {},
	) => {
		const context = executeContext(simulator(), {
			items,
			continueOnFail,
			parameters: {
				organizationId: '={{ $json.organizationId }}',
				mappingMode: 'autoMapInputData',
				options: { batchSize: 1, ...options },
			},
		});
		(context.getNode() as { typeVersion: number }).typeVersion = typeVersion;
		const helpers = context.helpers as unknown as Record<string, (...args: unknown[]) => unknown>;
		const send = helpers.httpRequestWithAuthentication;
		let inFlight = 0;
		let maxInFlight = 0;
		helpers.httpRequestWithAuthentication = async (...args: unknown[]) => {
			maxInFlight = Math.max(maxInFlight, ++inFlight);
			try {
				return await send(...args);
			} finally {
				inFlight--;
			}
		};
		const outcome = createPayments.call(context).then(
			(output) => ({ output, error: undefined }),
			(error: Error & { description?: string }) => ({ output: undefined, error }),
		);
		return { ...(await outcome), maxInFlight: () => maxInFlight };
	};

	const payments = (count: number) => Array.from({ length: count }, (_, i) => payment(i));
	const slowAnswers = (times: number) =>
		simulator().addFault({ route: 'createPayments', orgId: ORG, delayMs: 50, times });
	const postsSent = () => simulator().requests.filter((r) => r.route === 'createPayments');

	test.each([
		[1, { parallelRequests: 3 }, 3],
		[2, {}, 4],
		[1, {}, 1],
	])(
		'node version %i with options %j: never more than %i requests in flight, and that many reached',
		async (typeVersion, options, expected) => {
			slowAnswers(10);
			const { output, maxInFlight } = await runInFlight(payments(10), options, { typeVersion });
			expect(maxInFlight()).toBe(expected);
			expect(output?.map((item) => item.json.uniqueSourcePaymentIds)).toEqual(
				payments(10).map((item) => [item.json.uniqueSourcePaymentId]),
			);
			expect(simulator().duplicatePaymentIds()).toEqual([]);
		},
	);

	test('the output keeps the input order when the first batch is answered last', async () => {
		simulator().addFault({ route: 'createPayments', orgId: OTHER_ORG, delayMs: 300 });
		const items = [payment(0, OTHER_ORG), ...payments(5).slice(1)];
		const { output } = await runInFlight(items, { parallelRequests: 4, output: 'items' });
		// Amili registered batch 0 last…
		expect(simulator().paymentBatches().at(-1)?.orgId).toBe(OTHER_ORG);
		// …and the output is still in input order, each item paired to itself.
		expect(output?.map((item) => [item.json.uniqueSourcePaymentId, item.pairedItem])).toEqual(
			items.map((item, i) => [item.json.uniqueSourcePaymentId, { item: i }]),
		);
	});

	test('the first failure starts no new request; those in flight are heard out and named', async () => {
		slowAnswers(10);
		simulator().addFault({ route: 'createPayments', orgId: OTHER_ORG, status: 422 });
		const items = [payment(0), payment(1, OTHER_ORG), ...payments(8).slice(2)];
		const { error } = await runInFlight(items, { parallelRequests: 3 });
		// Batches 0–2 were in flight when batch 1 failed; none after them was sent.
		expect(postsSent()).toHaveLength(3);
		const [first, third] = simulator().paymentBatches(ORG);
		expect(error?.description).toContain(
			`Already accepted by Amili in this run, do not send again: ${first.batchId} (items 0), ${third.batchId} (items 2).`,
		);
	});

	test('several failures in flight: the first in plan order is thrown, the others are told', async () => {
		slowAnswers(10);
		simulator().addFault({ route: 'createPayments', orgId: THIRD_ORG, reset: 'after-processing' });
		simulator().addFault({ route: 'createPayments', orgId: OTHER_ORG, status: 422, delayMs: 100 });
		const items = [payment(0), payment(1, OTHER_ORG), payment(2, THIRD_ORG), payment(3)];
		const { error } = await runInFlight(items, { parallelRequests: 3 });
		expect(error?.message).toMatch(/422/);
		expect(error?.description).toContain(
			'The batch of items 2, in flight meanwhile, failed too (Outcome unknown',
		);
		expect(error?.description).toContain('The uniqueSourcePaymentIds to check at Amili: tx-2.');
		expect(error?.description).toContain('(items 0).');
		expect(postsSent()).toHaveLength(3);
	});

	test('under Continue On Fail a refused batch fails only its items; the rest are sent, in order', async () => {
		simulator().addFault({ route: 'createPayments', orgId: OTHER_ORG, status: 422 });
		const items = [payment(0), payment(1), payment(2, OTHER_ORG), payment(3), payment(4)];
		const { output } = await runInFlight(
			items,
			{ parallelRequests: 4, batchSize: 2, output: 'items' },
			{ continueOnFail: true },
		);
		expect(
			output?.map((item) => [
				item.pairedItem,
				item.json.batchId === undefined
					? (item.json.details as { outcome: string }).outcome
					: 'accepted',
			]),
		).toEqual([
			[{ item: 0 }, 'accepted'],
			[{ item: 1 }, 'accepted'],
			[{ item: 2 }, 'rejected'],
			[{ item: 3 }, 'accepted'],
			[{ item: 4 }, 'accepted'],
		]);
	});

	test('a 429 pauses every request of the run: none is sent before its Retry-After has passed', async () => {
		slowAnswers(10);
		simulator().addFault({
			route: 'createPayments',
			orgId: OTHER_ORG,
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const items = [payment(0), payment(1, OTHER_ORG), ...payments(8).slice(2)];
		const { output } = await runInFlight(items, { parallelRequests: 3 });
		const limited = postsSent().find((r) => r.status === 429);
		const answeredAt = Date.parse(limited?.at ?? '') + (limited?.durationMs ?? 0);
		const delays = postsSent()
			.map((r) => Date.parse(r.at) - answeredAt)
			.filter((delay) => delay >= 0);
		// A request sent just before the 429 reached the node may arrive just after it; after that,
		// nothing until the pause is over (without it, one would go every 50 ms).
		expect(delays.filter((delay) => delay >= 100 && delay < 1000)).toEqual([]);
		expect(delays.filter((delay) => delay >= 1000).length).toBeGreaterThan(0);
		expect(output).toHaveLength(8);
		expect(simulator().duplicatePaymentIds()).toEqual([]);
		expect(postsSent()).toHaveLength(9);
	});

	test('Wait for Batch Result reads the batches in parallel, each item with its outcome', async () => {
		const { output, maxInFlight } = await runInFlight(payments(6), {
			parallelRequests: 3,
			waitForResult: true,
			pollInterval: 0.1,
		});
		expect(maxInFlight()).toBeLessThanOrEqual(3);
		expect(output?.map((item) => [item.json.uniqueSourcePaymentId, item.json.batchStatus])).toEqual(
			payments(6).map((item) => [item.json.uniqueSourcePaymentId, 'SUCCESS']),
		);
	});
});
