import { type Json, ORG, OTHER_ORG, UNKNOWN_ID, sleep, useSimulator } from './test-client';

const BATCH_DELAY_MS = 100;
const api = useSimulator({ batchDelayMs: BATCH_DELAY_MS });

function correction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		invoiceId: UNKNOWN_ID,
		amount: -250,
		currency: 'NOK',
		date: '2019-08-24T14:15:22.123Z',
		description: 'Goodwill',
		...overrides,
	};
}

const pay = (id: string) => ({
	invoiceNumber: 'INV-1',
	uniqueSourcePaymentId: id,
	amount: 1,
	currency: 'NOK',
	date: '2025-03-09T14:30:00Z',
});

describe('POST /orgs/{orgId}/corrections', () => {
	it('answers 202 with the documented body; the CORRECTION batch fails corrections of unknown invoices', async () => {
		const [inv] = api.sim.seedInvoices(ORG, 1);
		const sent = [correction({ invoiceId: inv.id }), correction()];
		const res = await api.post(`/orgs/${ORG}/corrections`, { corrections: sent });
		expect(res.status).toBe(202);
		const { batchId } = res.json.data;
		expect(res.json).toEqual({
			summary: { status: 'SUCCESS' },
			data: { batchId, batchUrl: `${api.sim.apiBaseUrl}/batches/${batchId}` },
		});
		expect(api.sim.receivedCorrections(ORG)).toEqual(sent);
		await sleep(BATCH_DELAY_MS + 20);
		const batch = (await api.get(`/batches/${batchId}`)).json.data;
		expect(batch).toMatchObject({
			type: 'CORRECTION',
			status: 'PARTIAL',
			succeeded: [{ index: 0, invoiceId: inv.id }],
			failed: [{ index: 1, invoiceId: UNKNOWN_ID, reason: 'Invoice not found' }],
		});
	});

	it.each([
		['a non-UUID invoiceId', { invoiceId: 'INV-1' }, 'invoiceId'],
		['no amount', { amount: undefined }, 'amount'],
		['an amount as a string', { amount: '-250' }, 'amount'],
		['a currency name', { currency: 'kroner' }, 'currency'],
		['a date without time', { date: '2019-08-24' }, 'date'],
		['a numeric description', { description: 1 }, 'description'],
	])('answers 422 for %s, naming index and field', async (_name, overrides, field) => {
		const res = await api.post(`/orgs/${ORG}/corrections`, {
			corrections: [correction(), correction(overrides)],
		});
		expect(res.status).toBe(422);
		expect(res.json.errors).toEqual([{ index: 1, field, message: expect.any(String) }]);
		expect(api.sim.correctionBatches()).toEqual([]);
	});

	it('answers 400 for an unknown field (the schema is fully documented), 422 for an empty list', async () => {
		const res = await api.post(`/orgs/${ORG}/corrections`, {
			corrections: [correction({ reason: 'x' })],
		});
		expect([res.status, res.json.errors]).toEqual([
			400,
			[{ index: 0, field: 'reason', message: 'unknown field' }],
		]);
		expect((await api.post(`/orgs/${ORG}/corrections`, { corrections: [] })).status).toBe(422);
	});

	it('answers 401 without a token and 403 for a forbidden organization', async () => {
		expect(
			(
				await api.post(
					`/orgs/${ORG}/corrections`,
					{ corrections: [correction()] },
					{ bearer: null },
				)
			).status,
		).toBe(401);
		api.sim.forbidOrganization(ORG);
		expect(
			(await api.post(`/orgs/${ORG}/corrections`, { corrections: [correction()] })).status,
		).toBe(403);
		expect(api.sim.correctionBatches()).toEqual([]);
	});
});

describe('batch list filters', () => {
	it('filters by Type across payment, invoice and correction batches', async () => {
		await api.post(`/orgs/${ORG}/payments`, { payments: [pay('p-1')] });
		await api.post(`/orgs/${ORG}/invoices`, {
			invoices: [
				{
					type: 'NOTICE',
					invoiceNumber: 'I-1',
					originalInvoiceAmount: 1,
					currency: 'NOK',
					invoiceDate: '2025-01-01',
					dueDate: '2025-02-01',
				},
			],
		});
		await api.post(`/orgs/${ORG}/corrections`, { corrections: [correction()] });
		const types = async (q: string) =>
			(await api.get(`/orgs/${ORG}/batches${q}`)).json.data.map((b: Json) => b.type);
		expect(await types('')).toEqual(['PAYMENT', 'INVOICE', 'CORRECTION']);
		for (const type of ['PAYMENT', 'INVOICE', 'CORRECTION'])
			expect(await types(`?Type=${type}`)).toEqual([type]);
	});

	it('stores an Idempotency-Key (either spelling) on the batch and filters by it; repeats are not deduplicated', async () => {
		const post = (key: string, header: string) =>
			api.post(`/orgs/${ORG}/payments`, { payments: [pay(key)] }, { headers: { [header]: key } });
		const first = await post('key-1', 'Idempotency-Key');
		const again = await post('key-1', 'Idempotency-Key');
		const other = await post('key-2', 'IdempotencyKey');
		await api.post(`/orgs/${ORG}/payments`, { payments: [pay('no-key')] });
		expect(first.json.data.batchId).not.toBe(again.json.data.batchId);
		const byKey = await api.get(`/orgs/${ORG}/batches?IdempotencyKey=key-1`);
		expect(byKey.json.data.map((b: Json) => [b.batchId, b.idempotencyKey])).toEqual([
			[first.json.data.batchId, 'key-1'],
			[again.json.data.batchId, 'key-1'],
		]);
		expect(
			(await api.get(`/batches?idempotencykey=key-2`)).json.data.map((b: Json) => b.batchId),
		).toEqual([other.json.data.batchId]);
		expect(api.sim.paymentBatches().map((b) => b.idempotencyKey)).toEqual([
			'key-1',
			'key-1',
			'key-2',
			undefined,
		]);
		expect(Object.keys(api.sim.batch(first.json.data.batchId) ?? {})).toContain('idempotencyKey');
	});

	it('sorts ASC by default and DESC on request, per organization', async () => {
		const ids: string[] = [];
		for (const id of ['a', 'b', 'c'])
			ids.push(
				(await api.post(`/orgs/${ORG}/payments`, { payments: [pay(id)] })).json.data.batchId,
			);
		await api.post(`/orgs/${OTHER_ORG}/payments`, { payments: [pay('x')] });
		const order = async (q: string) =>
			(await api.get(`/orgs/${ORG}/batches${q}`)).json.data.map((b: Json) => b.batchId);
		expect(await order('')).toEqual(ids);
		expect(await order('?SortDirection=ASC')).toEqual(ids);
		expect(await order('?sortDirection=desc')).toEqual([...ids].reverse());
		expect(await order('?SortDirection=DESC&PageSize=2')).toEqual([ids[2], ids[1]]);
	});
});

describe('batch timing', () => {
	it('setBatchDelayMs keeps new batches QUEUED until completeBatch or the delay; reset restores the delay', async () => {
		api.sim.setBatchDelayMs(60_000);
		const res = await api.post(`/orgs/${ORG}/payments`, { payments: [pay('slow')] });
		const { batchId } = res.json.data;
		await sleep(BATCH_DELAY_MS + 20);
		expect((await api.get(`/batches/${batchId}`)).json.data.status).toBe('QUEUED');
		expect(api.sim.completeBatch(batchId)).toBe(true);
		expect((await api.get(`/batches/${batchId}`)).json.data).toMatchObject({
			status: 'SUCCESS',
			finishedAt: expect.any(String),
		});
		expect(api.sim.completeBatch(UNKNOWN_ID)).toBe(false);
		expect(() => api.sim.setBatchDelayMs(-1)).toThrow();
		api.sim.reset();
		expect(api.sim.batchDelayMs).toBe(BATCH_DELAY_MS);
	});

	it('the control API sets the delay and completes a batch', async () => {
		expect((await api.control('batch-delay', { ms: 60_000 })).status).toBe(200);
		expect((await api.control('batch-delay', { ms: 'long' })).status).toBe(400);
		const { batchId } = (await api.post(`/orgs/${ORG}/payments`, { payments: [pay('slow')] })).json
			.data;
		expect((await api.control('state')).json.batchDelayMs).toBe(60_000);
		expect((await api.get(`/batches/${batchId}`)).json.data.status).toBe('QUEUED');
		expect((await api.control('complete-batch', { batchId })).status).toBe(200);
		expect((await api.control('complete-batch', { batchId: UNKNOWN_ID })).status).toBe(404);
		expect((await api.get(`/batches/${batchId}`)).json.data.status).toBe('SUCCESS');
	});
});

describe('faults on the new routes', () => {
	it('a 503 on createInvoices creates nothing; a reset after processing creates the invoice', async () => {
		const body = {
			invoices: [
				{
					type: 'NOTICE',
					invoiceNumber: 'F-1',
					originalInvoiceAmount: 1,
					currency: 'NOK',
					invoiceDate: '2025-01-01',
					dueDate: '2025-02-01',
				},
			],
		};
		api.sim.addFault({ route: 'createInvoices', status: 503 });
		api.sim.addFault({ route: 'createInvoices', reset: 'after-processing' });
		expect((await api.post(`/orgs/${ORG}/invoices`, body)).status).toBe(503);
		expect(api.sim.invoiceBatches()).toEqual([]);
		await expect(api.post(`/orgs/${ORG}/invoices`, body)).rejects.toThrow();
		expect(api.sim.invoiceBatches()).toHaveLength(1);
		expect(api.sim.invoices(ORG).map((i) => i.invoiceNumber)).toEqual(['F-1']);
		expect(api.sim.requests.map((r) => [r.route, r.status, r.fault])).toEqual([
			['createInvoices', 503, 'status 503'],
			['createInvoices', null, 'reset after-processing'],
		]);
	});

	it('faults reads by route name, e.g. a 429 on listSettlements and a delay on resumeInvoice', async () => {
		const [inv] = api.sim.seedInvoices(ORG, 1, { status: 'PAUSED' });
		api.sim.addFault({ route: 'listSettlements', status: 429, headers: { 'Retry-After': '1' } });
		api.sim.addFault({ route: 'resumeInvoice', delayMs: 150 });
		const limited = await api.get(`/orgs/${ORG}/settlements`);
		expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
		expect((await api.get(`/orgs/${ORG}/settlements`)).status).toBe(200);
		const started = Date.now();
		expect((await api.post(`/orgs/${ORG}/invoices/${inv.id}/resume`)).status).toBe(202);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(api.sim.pendingFaults).toEqual([]);
	});
});
