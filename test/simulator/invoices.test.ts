import type { SeedInvoice } from './index';
import {
	type Json,
	ORG,
	OTHER_ORG,
	UNKNOWN_ID,
	readAllPages,
	sleep,
	useSimulator,
} from './test-client';

const BATCH_DELAY_MS = 100;
const api = useSimulator({ batchDelayMs: BATCH_DELAY_MS });

function invoice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		type: 'PAYMENT_REMINDER',
		invoiceNumber: `INV-${Math.random().toString(36).slice(2)}`,
		vat: true,
		fees: true,
		originalInvoiceAmount: 4500,
		currency: 'NOK',
		invoiceDate: '2024-01-15T00:00:00Z',
		dueDate: '2024-02-15',
		collectionNoticeDate: null,
		uniqueSourceInvoiceId: `erp-${Math.random().toString(36).slice(2)}`,
		description: 'Consulting, January',
		customerNumber: 'C-100',
		...overrides,
	};
}

/** Posts invoices, lets the batch finish, and returns the batch. */
async function createInvoices(
	invoices: Array<Record<string, unknown>>,
	orgId = ORG,
): Promise<Json> {
	const res = await api.post(`/orgs/${orgId}/invoices`, { invoices });
	expect(res.status).toBe(202);
	expect(api.sim.completeBatch(res.json.data.batchId)).toBe(true);
	return api.sim.batch(res.json.data.batchId);
}

describe('POST /orgs/{orgId}/invoices', () => {
	it('answers 202 with the payments envelope; the INVOICE batch lists the invoices once terminal', async () => {
		const sent = invoice({
			invoiceNumber: 'INV-2024-00123',
			uniqueSourceInvoiceId: 'erp-order-9981',
		});
		const res = await api.post(`/orgs/${ORG}/invoices`, { invoices: [sent] });
		expect(res.status).toBe(202);
		const { batchId } = res.json.data;
		expect(res.json).toEqual({
			summary: { status: 'SUCCESS' },
			data: { batchId, batchUrl: `${api.sim.apiBaseUrl}/batches/${batchId}` },
		});

		// Until the batch is processed, the invoice does not exist for readers.
		const queued = await api.get(`/orgs/${ORG}/batches/${batchId}`);
		expect(queued.json.data).toMatchObject({ type: 'INVOICE', status: 'QUEUED', succeeded: [] });
		expect((await api.get(`/orgs/${ORG}/invoices`)).json.data).toEqual([]);

		await sleep(BATCH_DELAY_MS + 20);
		const done = (await api.get(`/orgs/${ORG}/batches/${batchId}`)).json.data;
		expect(done.status).toBe('SUCCESS');
		expect(done.succeeded).toEqual([
			{
				invoiceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				invoiceNumber: 'INV-2024-00123',
				caseId: expect.any(String),
				uniqueSourceInvoiceId: 'erp-order-9981',
			},
		]);
		const read = await api.get(`/orgs/${ORG}/invoices/${done.succeeded[0].invoiceId}`);
		expect(read.status).toBe(200);
		expect(read.json.summary).toEqual({ status: 'SUCCESS' });
		expect(read.json.data).toEqual({
			id: done.succeeded[0].invoiceId,
			organization: {
				id: ORG,
				organizationNumber: expect.stringMatching(/^\d{9}$/),
				name: expect.any(String),
			},
			invoiceNumber: 'INV-2024-00123',
			collectionCaseNumber: expect.stringMatching(/^\d+$/),
			type: 'PAYMENT_REMINDER',
			status: 'OPEN',
			createdAt: expect.any(String),
			uniqueSourceInvoiceId: 'erp-order-9981',
			originalInvoiceAmount: 4500,
			currency: 'NOK',
			invoiceDate: '2024-01-15T00:00:00Z',
			dueDate: '2024-02-15',
			collectionNoticeDate: null,
			vat: true,
			fees: true,
			description: 'Consulting, January',
			customerNumber: 'C-100',
		});
		expect(api.sim.requests.map((r) => r.route)).toEqual([
			'createInvoices',
			'getBatch',
			'listInvoices',
			'getBatch',
			'getInvoice',
		]);
	});

	it('accepts undocumented extra fields (the schema is only partly visible) and records them as sent', async () => {
		const sent = invoice({
			debtor: { name: 'Ola Nordmann' },
			lines: [{ amount: 1 }],
			status: 'WITHDRAWN',
		});
		const batch = await createInvoices([sent]);
		expect(api.sim.receivedInvoices(ORG)).toEqual([sent]);
		// A posted `status` is not the simulator's to take: a new invoice is OPEN.
		expect(
			(await api.get(`/orgs/${ORG}/invoices/${batch.succeeded[0].invoiceId}`)).json.data.status,
		).toBe('OPEN');
	});

	it.each([
		['date-only invoice dates', { invoiceDate: '2024-01-15', dueDate: '2024-02-15' }],
		['a collectionNoticeDate date-time', { collectionNoticeDate: '2024-03-01T00:00:00+01:00' }],
		[
			'only the required fields',
			{
				vat: undefined,
				fees: undefined,
				collectionNoticeDate: undefined,
				uniqueSourceInvoiceId: undefined,
				description: undefined,
				customerNumber: undefined,
			},
		],
		['a NOTICE', { type: 'NOTICE' }],
	])('accepts %s', async (_name, overrides) => {
		expect(
			(await api.post(`/orgs/${ORG}/invoices`, { invoices: [invoice(overrides)] })).status,
		).toBe(202);
	});

	it.each([
		['no type', { type: undefined }, 'type'],
		['a lower-case type', { type: 'notice' }, 'type'],
		['no invoiceNumber', { invoiceNumber: undefined }, 'invoiceNumber'],
		['a numeric invoiceNumber', { invoiceNumber: 123 }, 'invoiceNumber'],
		['vat as a string', { vat: 'yes' }, 'vat'],
		['fees as a number', { fees: 1 }, 'fees'],
		['an amount as a string', { originalInvoiceAmount: '4500' }, 'originalInvoiceAmount'],
		['a lower-case currency', { currency: 'nok' }, 'currency'],
		['an impossible invoiceDate', { invoiceDate: '2024-02-30' }, 'invoiceDate'],
		['no dueDate', { dueDate: undefined }, 'dueDate'],
		['a dueDate without zone', { dueDate: '2024-02-15T00:00:00' }, 'dueDate'],
		[
			'a collectionNoticeDate in another format',
			{ collectionNoticeDate: '15.02.2024' },
			'collectionNoticeDate',
		],
		['an empty uniqueSourceInvoiceId', { uniqueSourceInvoiceId: '' }, 'uniqueSourceInvoiceId'],
		['a numeric customerNumber', { customerNumber: 100 }, 'customerNumber'],
		['a numeric description', { description: 5 }, 'description'],
	])('answers 422 for %s, naming index and field', async (_name, overrides, field) => {
		const res = await api.post(`/orgs/${ORG}/invoices`, {
			invoices: [invoice(), invoice(overrides)],
		});
		expect(res.status).toBe(422);
		expect(res.json).toEqual({
			message: expect.any(String),
			errors: [{ index: 1, field, message: expect.any(String) }],
		});
		expect(api.sim.invoiceBatches()).toEqual([]);
	});

	it('answers 422 for a missing or empty list, 400 for shape problems', async () => {
		for (const body of [{}, { invoices: [] }, { invoices: invoice() }]) {
			const res = await api.post(`/orgs/${ORG}/invoices`, body);
			expect([res.status, res.json.errors]).toEqual([
				422,
				[{ field: 'invoices', message: expect.any(String) }],
			]);
		}
		const extra = await api.post(`/orgs/${ORG}/invoices`, { invoices: [invoice()], payments: [] });
		expect([extra.status, extra.json.errors]).toEqual([
			400,
			[{ field: 'payments', message: 'unknown field' }],
		]);
		expect(
			(
				await api.post(`/orgs/${ORG}/invoices`, {
					organizationId: OTHER_ORG,
					invoices: [invoice()],
				})
			).status,
		).toBe(400);
		expect(
			(await api.post(`/orgs/${ORG}/invoices`, undefined, { raw: '{"invoices": [' })).status,
		).toBe(400);
		expect(
			(
				await api.post(
					`/orgs/${ORG}/invoices`,
					{ invoices: [invoice()] },
					{ contentType: 'text/plain' },
				)
			).status,
		).toBe(400);
	});

	it('ends PARTIAL when failInvoicesMatching hits some; failed invoices are never created', async () => {
		api.sim.failInvoicesMatching(['BAD-1'], 'Debtor unknown');
		const batch = await createInvoices([
			invoice({ invoiceNumber: 'OK-1' }),
			invoice({ invoiceNumber: 'BAD-1', uniqueSourceInvoiceId: 'erp-bad' }),
		]);
		expect(batch.status).toBe('PARTIAL');
		expect(batch.failed).toEqual([
			{ invoiceNumber: 'BAD-1', uniqueSourceInvoiceId: 'erp-bad', reason: 'Debtor unknown' },
		]);
		const listed = (await api.get(`/orgs/${ORG}/invoices`)).json.data;
		expect(listed.map((i: Json) => i.invoiceNumber)).toEqual(['OK-1']);
		const failed = await createInvoices([invoice({ invoiceNumber: 'BAD-1' })]);
		expect(failed.status).toBe('FAILED');
	});
});

describe('invoice routes: auth, organizations and ids', () => {
	const routes = (invoiceId: string): Array<[string, string]> => [
		['POST', `/orgs/${ORG}/invoices`],
		['GET', `/orgs/${ORG}/invoices`],
		['GET', `/orgs/${ORG}/invoices/${invoiceId}`],
		['GET', `/orgs/${ORG}/invoices/${invoiceId}/payments`],
		['POST', `/orgs/${ORG}/invoices/${invoiceId}/resume`],
		['POST', `/orgs/${ORG}/invoices/${invoiceId}/pause`],
		['POST', `/orgs/${ORG}/invoices/${invoiceId}/withdraw`],
	];
	const call = (method: string, path: string, bearer?: null) =>
		method === 'GET'
			? api.get(path, { bearer })
			: api.post(path, path.endsWith('/invoices') ? { invoices: [invoice()] } : undefined, {
					bearer,
				});

	it('answers 401 without a token and 403 for a forbidden organization, on every invoice route', async () => {
		const [seeded] = api.sim.seedInvoices(ORG, 1);
		for (const [method, path] of routes(seeded.id))
			expect([path, (await call(method, path, null)).status]).toEqual([path, 401]);
		api.sim.forbidOrganization(ORG);
		for (const [method, path] of routes(seeded.id))
			expect([path, (await call(method, path)).status]).toEqual([path, 403]);
		expect(api.sim.invoiceBatches()).toEqual([]);
		expect(api.sim.invoiceActions()).toEqual([]);
	});

	it('answers 404 for an unknown invoice or one of another organization, 400 for a non-UUID id', async () => {
		const [foreign] = api.sim.seedInvoices(OTHER_ORG, 1);
		for (const id of [UNKNOWN_ID, foreign.id]) {
			for (const [method, path] of routes(id).slice(2))
				expect([path, (await call(method, path)).status]).toEqual([path, 404]);
		}
		expect((await api.get(`/orgs/${ORG}/invoices/INV-1`)).status).toBe(400);
		expect((await api.post(`/orgs/${ORG}/invoices/${foreign.id}/archive`)).status).toBe(404);
	});
});

describe('GET /orgs/{orgId}/invoices', () => {
	it('pages with PageSize/PageToken in either casing, oldest first', async () => {
		const seeded = api.sim.seedInvoices(ORG, 7);
		api.sim.seedInvoices(OTHER_ORG, 2);
		for (const casing of ['Pascal', 'camel'] as const) {
			const { items, pages } = await readAllPages(api, `/orgs/${ORG}/invoices`, 3, casing);
			expect(pages).toBe(3);
			expect(items.map((i) => i.id)).toEqual(seeded.map((i) => i.id));
		}
		expect((await api.get(`/orgs/${ORG}/invoices?PageToken=nope`)).status).toBe(400);
		expect((await api.get(`/orgs/${ORG}/invoices?PageSize=0`)).status).toBe(400);
	});

	it.each<[string, string, (i: number) => SeedInvoice]>([
		['Status', 'PAUSED', (i: number) => ({ status: i === 2 ? 'PAUSED' : 'OPEN' })],
		['Type', 'NOTICE', (i: number) => ({ type: i === 2 ? 'NOTICE' : 'PAYMENT_REMINDER' })],
		['InvoiceNumber', 'N-2', (i: number) => ({ invoiceNumber: `N-${i}` })],
		['UniqueSourceInvoiceId', 'erp-2', (i: number) => ({ uniqueSourceInvoiceId: `erp-${i}` })],
		['CustomerNumber', 'C-2', (i: number) => ({ customerNumber: `C-${i}` })],
	])('filters by %s (exact match)', async (param, value, overrides) => {
		const seeded = api.sim.seedInvoices(ORG, 4, overrides);
		const res = await api.get(`/orgs/${ORG}/invoices?${param}=${value}`);
		expect(res.json.data.map((i: Json) => i.id)).toEqual([seeded[2].id]);
		expect(
			(await api.get(`/orgs/${ORG}/invoices?${param.toLowerCase()}=${value}`)).json.data,
		).toHaveLength(1);
	});

	it('filters From/To on createdAt, inclusive, with dates or date-times', async () => {
		const days = [
			'2025-03-01T10:00:00Z',
			'2025-03-02T10:00:00Z',
			'2025-03-03T10:00:00Z',
			'2025-03-04T10:00:00Z',
		];
		const seeded = api.sim.seedInvoices(ORG, 4, (i) => ({ createdAt: days[i] }));
		const ids = async (query: string) =>
			(await api.get(`/orgs/${ORG}/invoices?${query}`)).json.data.map((i: Json) => i.id);
		expect(await ids('From=2025-03-02&To=2025-03-03')).toEqual([seeded[1].id, seeded[2].id]);
		expect(await ids('From=2025-03-02T10:00:00Z')).toEqual(seeded.slice(1).map((i) => i.id));
		expect(await ids('To=2025-03-02T09:59:59Z')).toEqual([seeded[0].id]);
		for (const query of ['From=yesterday', 'To=2025-02-30', 'Status=CLOSED']) {
			expect((await api.get(`/orgs/${ORG}/invoices?${query}`)).status).toBe(400);
		}
	});
});

describe('invoice actions and payments', () => {
	it('pause, resume and withdraw answer 202 without a body and change the invoice and its case', async () => {
		const [inv] = api.sim.seedInvoices(ORG, 1);
		const status = async () => (await api.get(`/orgs/${ORG}/invoices/${inv.id}`)).json.data.status;
		const caseStatus = () => api.sim.cases(ORG)[0].status;
		for (const [action, expected] of [
			['pause', 'PAUSED'],
			['pause', 'PAUSED'],
			['resume', 'OPEN'],
			['withdraw', 'WITHDRAWN'],
		]) {
			const res = await api.post(`/orgs/${ORG}/invoices/${inv.id}/${action}`);
			expect([res.status, res.text, res.headers.get('content-type')]).toEqual([202, '', null]);
			expect([action, await status(), caseStatus()]).toEqual([action, expected, expected]);
		}
		// Withdrawn is final (our assumption): resuming or pausing it is a 409 and changes nothing.
		expect((await api.post(`/orgs/${ORG}/invoices/${inv.id}/resume`)).status).toBe(409);
		expect((await api.post(`/orgs/${ORG}/invoices/${inv.id}/withdraw`)).status).toBe(202);
		expect(await status()).toBe('WITHDRAWN');
		expect(api.sim.invoiceActions(ORG).map((a) => [a.action, a.from, a.to, a.status])).toEqual([
			['pause', 'OPEN', 'PAUSED', 202],
			['pause', 'PAUSED', 'PAUSED', 202],
			['resume', 'PAUSED', 'OPEN', 202],
			['withdraw', 'OPEN', 'WITHDRAWN', 202],
			['resume', 'WITHDRAWN', 'WITHDRAWN', 409],
			['withdraw', 'WITHDRAWN', 'WITHDRAWN', 202],
		]);
	});

	it('lists the payments registered for an invoice, by invoiceId or invoiceNumber, once their batch is done', async () => {
		const [inv, other] = api.sim.seedInvoices(ORG, 2);
		api.sim.failPaymentsMatching(['p-failed']);
		const pay = (id: string, ref: Record<string, string>) => ({
			uniqueSourcePaymentId: id,
			amount: 100,
			currency: 'NOK',
			date: '2025-03-09T14:30:00Z',
			...ref,
		});
		const res = await api.post(`/orgs/${ORG}/payments`, {
			payments: [
				pay('p-by-id', { invoiceId: inv.id }),
				pay('p-by-number', { invoiceNumber: inv.invoiceNumber }),
				pay('p-failed', { invoiceId: inv.id }),
				pay('p-other', { invoiceId: other.id }),
			],
		});
		const path = `/orgs/${ORG}/invoices/${inv.id}/payments`;
		expect((await api.get(path)).json).toEqual({ summary: { status: 'SUCCESS' }, data: [] });
		await sleep(BATCH_DELAY_MS + 20);
		const listed = await api.get(path);
		expect(listed.status).toBe(200);
		expect(listed.json.data).toEqual([
			expect.objectContaining({
				uniqueSourcePaymentId: 'p-by-id',
				invoiceId: inv.id,
				amount: 100,
				batchId: res.json.data.batchId,
				registeredAt: expect.any(String),
			}),
			expect.objectContaining({
				uniqueSourcePaymentId: 'p-by-number',
				invoiceNumber: inv.invoiceNumber,
			}),
		]);
	});
});
