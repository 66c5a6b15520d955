/** The shapes of a payment batch's `failed` entries (setFailedEntryShape) and registeredPayments. */
import { type FailedEntryShape, startSimulator } from './index';
import { ORG, OTHER_ORG, UNKNOWN_ID, sleep, useSimulator } from './test-client';

const BATCH_DELAY_MS = 50;
const api = useSimulator({ batchDelayMs: BATCH_DELAY_MS });

const pay = (id: string, refs: Record<string, string>) => ({
	...refs,
	uniqueSourcePaymentId: id,
	amount: 100,
	currency: 'NOK',
	date: '2025-03-09T14:30:00Z',
});

/** Three payments; the second (position 0-based 1, 1-based 2) fails. */
const THREE = [
	pay('p-0', { invoiceNumber: 'INV-0' }),
	pay('p-1', { invoiceId: UNKNOWN_ID, invoiceNumber: 'INV-1' }),
	pay('p-2', { invoiceId: UNKNOWN_ID }),
];
const REASON = 'Invoice is closed';

async function postThree(orgId = ORG): Promise<string> {
	api.sim.failPaymentsMatching(['p-1'], REASON);
	const res = await api.post(`/orgs/${orgId}/payments`, { payments: THREE });
	expect(res.status).toBe(202);
	return res.json.data.batchId as string;
}

async function finished(batchId: string) {
	await sleep(BATCH_DELAY_MS + 20);
	const batch = (await api.get(`/orgs/${ORG}/batches/${batchId}`)).json.data;
	expect(batch.status).toBe('PARTIAL');
	return batch;
}

const ids = { uniqueSourcePaymentId: 'p-1', invoiceId: UNKNOWN_ID, invoiceNumber: 'INV-1' };
const SUCCEEDED = [
	{ uniqueSourcePaymentId: 'p-0', invoiceNumber: 'INV-0' },
	{ uniqueSourcePaymentId: 'p-2', invoiceId: UNKNOWN_ID },
];

describe('the failed entries of a payment batch', () => {
	it.each<[FailedEntryShape, Record<string, unknown>]>([
		['id', { ...ids, reason: REASON }],
		['id-index0', { ...ids, objectindex: 1, reason: REASON }],
		['id-index1', { ...ids, objectindex: 2, reason: REASON }],
		['index0', { objectindex: 1, reason: REASON }],
		['index1', { objectindex: 2, reason: REASON }],
		['invoice', { invoiceId: UNKNOWN_ID, invoiceNumber: 'INV-1', reason: REASON }],
		['empty', { reason: REASON }],
	])("in shape '%s' are %j; succeeded keeps its shape", async (shape, entry) => {
		api.sim.setFailedEntryShape(shape);
		const batch = await finished(await postThree());
		expect(batch.failed).toEqual([entry]);
		expect(batch.succeeded).toEqual(SUCCEEDED);
		expect(api.sim.registeredPayments(ORG)).toEqual([THREE[0], THREE[2]]);
	});

	it("'invoice' gives only the reference the payment was sent with", async () => {
		api.sim.setFailedEntryShape('invoice');
		api.sim.failPaymentsMatching(['p-0', 'p-2']);
		const res = await api.post(`/orgs/${ORG}/payments`, { payments: THREE });
		const batch = await finished(res.json.data.batchId);
		expect(batch.failed).toEqual([
			{ invoiceNumber: 'INV-0', reason: 'Rejected by the simulator' },
			{ invoiceId: UNKNOWN_ID, reason: 'Rejected by the simulator' },
		]);
	});

	it("defaults to 'id', is read when a batch is created, and reset() restores the start option", async () => {
		expect(api.sim.failedEntryShape).toBe('id');
		const before = await postThree();
		api.sim.setFailedEntryShape('index0');
		expect((await finished(before)).failed).toEqual([{ ...ids, reason: REASON }]);
		expect(api.sim.state().failedEntryShape).toBe('index0');
		api.sim.reset();
		expect(api.sim.failedEntryShape).toBe('id');
		expect(() => api.sim.setFailedEntryShape('objectindex' as FailedEntryShape)).toThrow(
			/one of id, id-index0/,
		);
	});

	it('is set by the start option, which reset() restores; another shape is refused at start', async () => {
		const started = await startSimulator({ failedEntryShape: 'index1' });
		try {
			started.setFailedEntryShape('empty');
			started.reset();
			expect(started.failedEntryShape).toBe('index1');
		} finally {
			await started.close();
		}
		await expect(startSimulator({ failedEntryShape: 'x' as FailedEntryShape })).rejects.toThrow(
			/one of id/,
		);
	});

	it('is set through the control API, which refuses another shape', async () => {
		expect((await api.control('failed-entry-shape', { shape: 'index1' })).status).toBe(200);
		expect((await finished(await postThree())).failed).toEqual([
			{ objectindex: 2, reason: REASON },
		]);
		const refused = await api.control('failed-entry-shape', { shape: 'index' });
		expect(refused.status).toBe(400);
		expect(refused.json.message).toContain('id-index0');
		expect(api.sim.failedEntryShape).toBe('index1');
		await api.control('reset', {});
		expect(api.sim.failedEntryShape).toBe('id');
	});
});

describe('registeredPayments', () => {
	it('lists what terminal batches registered, in order, a repeat twice; not QUEUED batches, not other organizations', async () => {
		api.sim.setFailedEntryShape('empty');
		const first = await postThree();
		const other = { payments: [pay('other', { invoiceNumber: 'X' })] };
		expect((await api.post(`/orgs/${OTHER_ORG}/payments`, other)).status).toBe(202);
		await finished(first);
		api.sim.setBatchDelayMs(60_000);
		const queued = { payments: [pay('queued', { invoiceNumber: 'X' })] };
		expect((await api.post(`/orgs/${ORG}/payments`, queued)).status).toBe(202);
		expect(api.sim.registeredPayments(ORG).map((p) => p.uniqueSourcePaymentId)).toEqual([
			'p-0',
			'p-2',
		]);

		api.sim.setBatchDelayMs(0);
		const again = { payments: [pay('p-0', { invoiceNumber: 'INV-0' })] };
		expect((await api.post(`/orgs/${ORG}/payments`, again)).status).toBe(202);
		const registered = api.sim.registeredPayments(ORG).map((p) => p.uniqueSourcePaymentId);
		expect(registered).toEqual(['p-0', 'p-2', 'p-0']);
		expect(api.sim.registeredPayments().map((p) => p.uniqueSourcePaymentId)).toEqual([
			'p-0',
			'p-2',
			'other',
			'p-0',
		]);
		expect(api.sim.state(ORG).registeredPayments).toEqual(api.sim.registeredPayments(ORG));
	});

	it('is what an invoice lists as its payments, whatever the failed entries name', async () => {
		const [invoice] = api.sim.seedInvoices(ORG, 1, { invoiceNumber: 'INV-1' });
		api.sim.setFailedEntryShape('index0');
		api.sim.failPaymentsMatching(['p-b']);
		const res = await api.post(`/orgs/${ORG}/payments`, {
			payments: [pay('p-a', { invoiceId: invoice.id }), pay('p-b', { invoiceNumber: 'INV-1' })],
		});
		await finished(res.json.data.batchId);
		const listed = (await api.get(`/orgs/${ORG}/invoices/${invoice.id}/payments`)).json.data;
		expect(listed.map((p: { uniqueSourcePaymentId: string }) => p.uniqueSourcePaymentId)).toEqual([
			'p-a',
		]);
	});
});
