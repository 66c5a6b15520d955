/**
 * actions/listUnderRecordOperation.ts, by Invoice → Get Payments: the model of a per-item operation's
 * unit test. The operation runs through the router in-process against the simulator, the record
 * picked as n8n gives it (version 2's locator From List or By ID, version 1's text field), and the
 * requests the simulator received are what the assertions read.
 */
import { ORG, runOperation, useSimulator } from './in-process';

const simulator = useSimulator();
const UNKNOWN_INVOICE = '00000000-0000-4000-8000-000000000000';

/** Registers payments on invoices, as a Payment → Create would, straight at the simulator. */
async function registerPayments(payments: Array<{ invoiceNumber: string; id: string }>) {
	const response = await fetch(`${simulator().apiBaseUrl}/orgs/${ORG}/payments`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${simulator().issueAccessToken()}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({
			payments: payments.map(({ invoiceNumber, id }) => ({
				invoiceNumber,
				uniqueSourcePaymentId: id,
				amount: 100,
				currency: 'NOK',
				date: '2025-03-09T00:00:00Z',
			})),
		}),
	});
	expect(response.status).toBe(202);
}

const getPayments = (parameters: Record<string, unknown>, typeVersion = 2) =>
	runOperation(simulator(), {
		typeVersion,
		parameters: {
			resource: 'invoice',
			operation: 'getPayments',
			organizationId: ORG,
			...parameters,
		},
	});

const pathsRequested = () =>
	simulator()
		.requests.filter((request) => request.route !== 'token')
		.map((request) => `${request.method} ${request.path.replace(/^.*\/orgs\//, '/orgs/')}`);

describe('Invoice → Get Payments (a list under one record)', () => {
	test.each([
		['From List', { __rl: true, mode: 'list', value: '' }],
		['By ID, with blanks around it', { __rl: true, mode: 'id', value: '' }],
	])('version 2, %s: the picked invoice’s payments', async (_mode, locator) => {
		const [invoice, other] = simulator().seedInvoices(ORG, 2);
		await registerPayments([
			{ invoiceNumber: invoice.invoiceNumber, id: 'pay-1' },
			{ invoiceNumber: other.invoiceNumber, id: 'pay-2' },
			{ invoiceNumber: invoice.invoiceNumber, id: 'pay-3' },
		]);
		const value = locator.mode === 'id' ? ` ${invoice.id} ` : invoice.id;
		const output = await getPayments({ invoiceId: { ...locator, value }, returnAll: true });
		expect(output.map((item) => [item.json.uniqueSourcePaymentId, item.pairedItem])).toEqual([
			['pay-1', { item: 0 }],
			['pay-3', { item: 0 }],
		]);
		expect(pathsRequested().at(-1)).toBe(`GET /orgs/${ORG}/invoices/${invoice.id}/payments`);
	});

	test('version 1: the invoice ID as text', async () => {
		const [invoice] = simulator().seedInvoices(ORG, 1);
		await registerPayments([{ invoiceNumber: invoice.invoiceNumber, id: 'pay-1' }]);
		const output = await getPayments({ invoiceId: invoice.id, returnAll: true }, 1);
		expect(output.map((item) => item.json.uniqueSourcePaymentId)).toEqual(['pay-1']);
	});

	test('Limit: no more payments than asked for', async () => {
		const [invoice] = simulator().seedInvoices(ORG, 1);
		await registerPayments(
			[1, 2, 3].map((n) => ({ invoiceNumber: invoice.invoiceNumber, id: `pay-${n}` })),
		);
		const output = await getPayments({
			invoiceId: { __rl: true, mode: 'list', value: invoice.id },
			returnAll: false,
			limit: 2,
		});
		expect(output).toHaveLength(2);
	});

	test('an ID that is not a UUID is refused by name before any request', async () => {
		const error = await getPayments({
			invoiceId: { __rl: true, mode: 'id', value: 'INV-1' },
		}).catch((caught: Error & { context: { itemIndex?: number } }) => caught);
		expect(error).toMatchObject({
			message: 'The invoice ID "INV-1" is not a UUID',
			context: { itemIndex: 0 },
		});
		expect(pathsRequested()).toEqual([]);
	});

	test('an invoice Amili does not know: an error item under Continue On Fail', async () => {
		const output = await runOperation(simulator(), {
			typeVersion: 2,
			continueOnFail: true,
			parameters: {
				resource: 'invoice',
				operation: 'getPayments',
				organizationId: ORG,
				invoiceId: { __rl: true, mode: 'list', value: UNKNOWN_INVOICE },
			},
		});
		expect(output).toEqual([
			{
				json: { error: expect.stringMatching(/not found/i), details: expect.any(Object) },
				pairedItem: { item: 0 },
			},
		]);
	});
});
