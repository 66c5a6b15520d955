/**
 * actions/router.ts, in-process against the simulator: per-item operations get one result per item
 * paired to it, a failing item stops the run or (Continue On Fail) becomes its error item, and the
 * Create operations take all items at once.
 */
import { router } from '../../nodes/Amili/actions/router';
import { executeContext, ORG, useSimulator } from './in-process';

const simulator = useSimulator();
const UNKNOWN_INVOICE = '00000000-0000-4000-8000-000000000000';

const getInvoices = async (invoiceIds: string[], continueOnFail = false) =>
	await router.call(
		executeContext(simulator(), {
			items: invoiceIds.map(() => ({ json: {} })),
			continueOnFail,
			parameters: { resource: 'invoice', operation: 'get', organizationId: ORG },
			itemParameters: invoiceIds.map((invoiceId) => ({ invoiceId })),
		}),
	);

describe('router', () => {
	test('an unknown operation is refused by name', async () => {
		const context = executeContext(simulator(), {
			parameters: { resource: 'invoice', operation: 'shred' },
		});
		await expect(router.call(context)).rejects.toThrow(
			'The operation "shred" of "invoice" is not known',
		);
	});

	test('a per-item operation runs once per item, each result paired to its item', async () => {
		const [first, second] = simulator().seedInvoices(ORG, 2);
		const run = executeContext(simulator(), {
			items: [{ json: {} }, { json: {} }],
			parameters: { resource: 'invoice', operation: 'get', organizationId: ORG },
			itemParameters: [{ invoiceId: first.id }, { invoiceId: second.id }],
		});
		const [output] = await router.call(run);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[first.id, { item: 0 }],
			[second.id, { item: 1 }],
		]);
	});

	test('a failing item stops the run, its index on the error', async () => {
		const error = await getInvoices([UNKNOWN_INVOICE]).catch(
			(caught: { context: { itemIndex?: number } }) => caught,
		);
		expect(error).toHaveProperty('context.itemIndex', 0);
	});

	test('under Continue On Fail a failing item is its error item: only error and details', async () => {
		const [output] = await getInvoices(['not-a-uuid'], true);
		expect(output).toEqual([
			{
				json: {
					error: 'The invoice ID "not-a-uuid" is not a UUID',
					details: expect.objectContaining({ item: 0 }),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a Create operation takes all items at once', async () => {
		const context = executeContext(simulator(), {
			items: [0, 1].map((i) => ({
				json: {
					invoiceNumber: `INV-${i}`,
					uniqueSourcePaymentId: `tx-${i}`,
					amount: 10,
					currency: 'NOK',
					date: '2025-03-09',
				},
			})),
			parameters: {
				resource: 'payment',
				operation: 'create',
				organizationId: ORG,
				mappingMode: 'autoMapInputData',
			},
		});
		const [output] = await router.call(context);
		expect(output).toHaveLength(1);
		expect(simulator().paymentBatches(ORG)).toHaveLength(1);
	});
});
