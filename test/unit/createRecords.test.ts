/**
 * engine/createRecords.ts, in-process against the simulator: items become batches per organization
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
