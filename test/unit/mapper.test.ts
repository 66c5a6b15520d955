/**
 * Node version 2 in-process against the simulator: Map Each Field read from n8n's field mapper
 * (`columns.value.<field>`), plain field references straight from the item, the rest through n8n;
 * outputs that say accepted / processed; the execution hints. Version 1 is createRecords.test.ts's.
 */
import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { execute as createCorrections } from '../../nodes/Amili/actions/correction/create.operation';
import { execute as createPayments } from '../../nodes/Amili/actions/payment/create.operation';
import { executeContext, ORG, useSimulator } from './in-process';
import { VERSION_1_BATCH_KEYS } from '../harness/workflow';

const simulator = useSimulator();

const rows: INodeExecutionData[] = [
	{ json: { ref: 'E-1', inv: 'INV-1', paid: '1250.50', when: '2025-03-09' } },
	{ json: { ref: 'E-2', inv: 'INV-2', paid: 99, when: '2025-03-10T12:00:00+01:00' } },
];

function context(
	value: Record<string, unknown> | null,
	options: Record<string, unknown> = {},
	extra: { itemParameters?: Array<Record<string, unknown>>; hints?: NodeExecutionHint[] } = {},
): IExecuteFunctions {
	return executeContext(simulator(), {
		items: rows,
		typeVersion: 2,
		parameters: {
			organizationId: ORG,
			mappingMode: 'defineBelow',
			columns: { mappingMode: 'defineBelow', value, schema: [], matchingColumns: [] },
			options,
		},
		...extra,
	});
}

const MAPPED = {
	invoiceNumber: '={{ $json.inv }}',
	uniqueSourcePaymentId: "={{ $json['ref'] }}",
	amount: '={{ $json.paid }}',
	currency: 'NOK',
	date: '={{ $json.when }}',
};

describe("version 2's Map Each Field: n8n's field mapper", () => {
	test('plain references are read from the item and constants once, never through getNodeParameter per item', async () => {
		const ctx = context(MAPPED);
		const asked: string[] = [];
		const getNodeParameter = ctx.getNodeParameter.bind(ctx);
		ctx.getNodeParameter = ((name: string, itemIndex: number, fallback?: unknown) => {
			if (name.startsWith('columns.')) asked.push(`${name}@${itemIndex}`);
			return getNodeParameter(name, itemIndex, fallback);
		}) as IExecuteFunctions['getNodeParameter'];

		await createPayments.call(ctx);

		expect(simulator().receivedPayments(ORG)).toEqual([
			{
				invoiceNumber: 'INV-1',
				uniqueSourcePaymentId: 'E-1',
				amount: 1250.5,
				currency: 'NOK',
				date: '2025-03-09T00:00:00Z',
			},
			{
				invoiceNumber: 'INV-2',
				uniqueSourcePaymentId: 'E-2',
				amount: 99,
				currency: 'NOK',
				date: '2025-03-10T11:00:00Z',
			},
		]);
		expect(asked).toEqual(['columns.value.currency@0']);
	});

	test('any other expression goes through n8n per item; empty and removed fields are absent', async () => {
		const value = {
			...MAPPED,
			description: '={{ "Paid " + $json.inv }}',
			invoiceId: null,
			type: '',
		};
		await createPayments.call(
			context(
				value,
				{},
				{
					itemParameters: [
						{ 'columns.value.description': 'Paid INV-1' },
						{ 'columns.value.description': 'Paid INV-2' },
					],
				},
			),
		);
		const sent = simulator().receivedPayments(ORG);
		expect(sent.map((payment) => payment.description)).toEqual(['Paid INV-1', 'Paid INV-2']);
		for (const payment of sent) {
			expect(payment).not.toHaveProperty('invoiceId');
			expect(payment).not.toHaveProperty('type');
		}
	});

	test('a mapper never opened (value null) names each missing required field; nothing is sent', async () => {
		await expect(createPayments.call(context(null))).rejects.toThrow(
			/Item 0: .*uniqueSourcePaymentId.*missing/s,
		);
		expect(simulator().paymentBatches(ORG)).toHaveLength(0);
	});

	test("corrections read the mapper by Amili's field names too", async () => {
		const invoiceId = '4f163819-178d-470c-a246-d6768476a6ec';
		await createCorrections.call(
			context({ invoiceId, amount: -250, currency: 'NOK', date: '2025-03-09' }),
		);
		expect(simulator().correctionBatches(ORG)[0].corrections).toEqual([
			{ invoiceId, amount: -250, currency: 'NOK', date: '2025-03-09T00:00:00Z' },
			{ invoiceId, amount: -250, currency: 'NOK', date: '2025-03-09T00:00:00Z' },
		]);
	});
});

describe('version 2 outputs say what is known, and hints say what to do', () => {
	test('without waiting: the batch is accepted, not processed, and carries no status', async () => {
		const hints: NodeExecutionHint[] = [];
		const [batch] = await createPayments.call(context(MAPPED, {}, { hints }));
		expect(batch.json).toEqual({
			batchId: expect.any(String),
			batchUrl: expect.any(String),
			accepted: true,
			processed: false,
			organizationId: ORG,
			paymentCount: 2,
			uniqueSourcePaymentIds: ['E-1', 'E-2'],
		});
		expect(hints).toEqual([
			{
				type: 'info',
				location: 'outputPane',
				message:
					"Amili accepted 1 batch (2 payments) for processing; it processes them asynchronously. To see each payment's outcome, turn on Wait for Batch Result or add Amili → Batch → Wait for Completion with the batchUrl.",
			},
		]);
	});

	test('Each Input Item without waiting: no batchStatus, as nothing was read from the batch', async () => {
		const output = await createPayments.call(context(MAPPED, { output: 'items' }));
		expect(output[0].json).toMatchObject({ ref: 'E-1', accepted: true, processed: false });
		expect(output[0].json).not.toHaveProperty('batchStatus');
	});

	test('waiting: each payment processed, with the batch state, failed and reason; a PARTIAL batch adds a warning', async () => {
		simulator().failPaymentsMatching(['E-2'], 'Invoice INV-2 not found');
		const hints: NodeExecutionHint[] = [];
		const output = await createPayments.call(
			context(MAPPED, { waitForResult: true, pollInterval: 0.1 }, { hints }),
		);
		expect(output.map((item) => item.json)).toEqual([
			expect.objectContaining({
				uniqueSourcePaymentId: 'E-1',
				accepted: true,
				processed: true,
				batchStatus: 'PARTIAL',
				failed: false,
			}),
			expect.objectContaining({
				uniqueSourcePaymentId: 'E-2',
				processed: true,
				batchStatus: 'PARTIAL',
				failed: true,
				reason: 'Invoice INV-2 not found',
			}),
		]);
		expect(hints).toHaveLength(1);
		expect(hints[0]).toMatchObject({ type: 'warning', location: 'outputPane' });
		expect(hints[0].message).toBe(
			`Amili processed batch ${String(output[0].json.batchId)} (PARTIAL): 1 of 2 payments failed. The other payment went through. Each failed payment has failed: true and Amili's reason on its item (route them with an If node on failed). Fix those payments and send only them again.`,
		);
	});

	test('version 1 keeps its outputs and shows the same hint', async () => {
		const hints: NodeExecutionHint[] = [];
		const [batch] = await createPayments.call(
			executeContext(simulator(), {
				items: [
					{
						json: {
							...MAPPED,
							invoiceNumber: 'INV-1',
							uniqueSourcePaymentId: 'P-1',
							amount: 1,
							date: '2025-03-09',
						},
					},
				],
				parameters: { organizationId: ORG, mappingMode: 'autoMapInputData', options: {} },
				hints,
			}),
		);
		expect(Object.keys(batch.json)).toEqual(VERSION_1_BATCH_KEYS);
		expect(batch.json.status).toBe('SUCCESS');
		expect(hints[0].message).toMatch(/^Amili accepted 1 batch \(1 payment\) for processing/);
	});
});
