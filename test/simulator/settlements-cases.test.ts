import { type Json, ORG, OTHER_ORG, UNKNOWN_ID, readAllPages, useSimulator } from './test-client';

const api = useSimulator({ batchDelayMs: 0 });

describe('settlements', () => {
	it('GET by id answers { summary, data: Settlement }; 404 for unknown or another org, 400 for a non-UUID', async () => {
		const s = api.sim.addSettlement(ORG, {
			customerReference: 'KID-123',
			exchangeRate: 1.05,
			amount: 499.5,
		});
		expect(s).toEqual({
			settlementId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			caseNumber: expect.any(String),
			collectionType: 'REMINDER',
			currency: 'NOK',
			customerReference: 'KID-123',
			exchangeRate: 1.05,
			settlementDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			invoiceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			invoiceNumber: expect.any(String),
			amount: 499.5,
		});
		const res = await api.get(`/orgs/${ORG}/settlements/${s.settlementId}`);
		expect([res.status, res.json]).toEqual([200, { summary: { status: 'SUCCESS' }, data: s }]);
		expect((await api.get(`/orgs/${OTHER_ORG}/settlements/${s.settlementId}`)).status).toBe(404);
		expect((await api.get(`/orgs/${ORG}/settlements/${UNKNOWN_ID}`)).status).toBe(404);
		expect((await api.get(`/orgs/${ORG}/settlements/S-1`)).status).toBe(400);
		expect(api.sim.requests.map((r) => r.route)).toEqual([
			'getSettlement',
			'getSettlement',
			'getSettlement',
			'getSettlement',
		]);
	});

	it('takes invoiceNumber and caseNumber from a known invoice', async () => {
		const [inv] = api.sim.seedInvoices(ORG, 1, { invoiceNumber: 'INV-77' });
		const s = api.sim.addSettlement(ORG, { invoiceId: inv.id });
		expect(s).toMatchObject({
			invoiceId: inv.id,
			invoiceNumber: 'INV-77',
			caseNumber: inv.collectionCaseNumber,
		});
	});

	it('lists by settlementDate, pages with pageSize/pageToken in either casing', async () => {
		const dates = ['2025-08-03', '2025-08-01', '2025-08-02', '2025-08-05', '2025-08-04'];
		const added = dates.map((settlementDate) => api.sim.addSettlement(ORG, { settlementDate }));
		api.sim.addSettlement(OTHER_ORG);
		for (const casing of ['camel', 'Pascal'] as const) {
			const { items, pages } = await readAllPages(api, `/orgs/${ORG}/settlements`, 2, casing);
			expect(pages).toBe(3);
			expect(items.map((s) => s.settlementDate)).toEqual([...dates].sort());
		}
		expect((await api.get(`/orgs/${ORG}/settlements`)).json.data).toHaveLength(added.length);
	});

	it('filters fromDate/toDate inclusively and refuses other formats', async () => {
		for (const settlementDate of ['2025-08-01', '2025-08-02', '2025-08-03'])
			api.sim.addSettlement(ORG, { settlementDate });
		const dates = async (q: string) =>
			(await api.get(`/orgs/${ORG}/settlements?${q}`)).json.data.map((s: Json) => s.settlementDate);
		expect(await dates('fromDate=2025-08-02')).toEqual(['2025-08-02', '2025-08-03']);
		expect(await dates('toDate=2025-08-02')).toEqual(['2025-08-01', '2025-08-02']);
		expect(await dates('fromDate=2025-08-02&toDate=2025-08-02')).toEqual(['2025-08-02']);
		for (const q of ['fromDate=2025-08-02T00:00:00Z', 'toDate=02.08.2025', 'fromDate=2025-13-01']) {
			expect((await api.get(`/orgs/${ORG}/settlements?${q}`)).status).toBe(400);
		}
	});

	it('answers 401 without a token and 403 for a forbidden organization', async () => {
		const s = api.sim.addSettlement(ORG);
		for (const path of [`/orgs/${ORG}/settlements`, `/orgs/${ORG}/settlements/${s.settlementId}`]) {
			expect((await api.get(path, { bearer: null })).status).toBe(401);
		}
		api.sim.forbidOrganization(ORG);
		for (const path of [`/orgs/${ORG}/settlements`, `/orgs/${ORG}/settlements/${s.settlementId}`]) {
			expect((await api.get(path)).status).toBe(403);
		}
	});

	it('POST /__sim/settlements adds one for another process', async () => {
		const res = await api.control('settlements', {
			orgId: ORG,
			invoiceNumber: 'INV-9',
			settlementDate: '2025-08-15',
		});
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject({ invoiceNumber: 'INV-9', settlementDate: '2025-08-15' });
		expect((await api.control('settlements', { invoiceNumber: 'x' })).status).toBe(400);
		expect(api.sim.settlements(ORG)).toEqual([res.json]);
	});
});

describe('cases', () => {
	it('lists the webhook case fields; every created invoice opens one OPEN case', async () => {
		const [inv] = api.sim.seedInvoices(ORG, 1, { customerNumber: 'C-1' });
		const added = api.sim.addCase(ORG, {
			status: 'PAUSED',
			invoices: [inv.id],
			customerNumber: 'C-2',
		});
		const res = await api.get(`/orgs/${ORG}/cases`);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			summary: { status: 'SUCCESS' },
			data: [
				{
					caseId: expect.any(String),
					caseNumber: inv.collectionCaseNumber,
					type: 'COLLECTION_NOTICE',
					status: 'OPEN',
					invoices: [inv.id],
					customerNumber: 'C-1',
					createdAt: inv.createdAt,
				},
				added,
			],
		});
		expect(Number(added.caseNumber)).toBe(Number(inv.collectionCaseNumber) + 1);
	});

	it('pages with PageSize/PageToken in either casing', async () => {
		const added = Array.from({ length: 5 }, () => api.sim.addCase(ORG));
		api.sim.addCase(OTHER_ORG);
		for (const casing of ['Pascal', 'camel'] as const) {
			const { items, pages } = await readAllPages(api, `/orgs/${ORG}/cases`, 2, casing);
			expect([pages, items.map((c) => c.caseId)]).toEqual([3, added.map((c) => c.caseId)]);
		}
	});

	it.each([
		['Status', 'PAUSED', { status: 'PAUSED' }],
		['Type', 'EVICTION', { type: 'EVICTION' }],
		['CaseNumber', '7000001', { caseNumber: '7000001' }],
		['CustomerNumber', 'C-9', { customerNumber: 'C-9' }],
	])('filters by %s (exact match)', async (param, value, partial) => {
		api.sim.addCase(ORG);
		const wanted = api.sim.addCase(ORG, partial);
		api.sim.addCase(ORG);
		expect((await api.get(`/orgs/${ORG}/cases?${param}=${value}`)).json.data).toEqual([wanted]);
	});

	it('filters by UniqueSourceInvoiceId through the case invoices, and by SearchTerm', async () => {
		const [a, b] = api.sim.seedInvoices(ORG, 2, (i) => ({
			uniqueSourceInvoiceId: `erp-${i}`,
			invoiceNumber: `INV-${i}`,
			customerNumber: `CUST-${i}`,
		}));
		const caseOf = (invoiceId: string) =>
			api.sim.cases(ORG).find((c) => c.invoices.includes(invoiceId))?.caseId;
		const ids = async (q: string) =>
			(await api.get(`/orgs/${ORG}/cases?${q}`)).json.data.map((c: Json) => c.caseId);
		expect(await ids('UniqueSourceInvoiceId=erp-1')).toEqual([caseOf(b.id)]);
		expect(await ids('SearchTerm=inv-0')).toEqual([caseOf(a.id)]);
		expect(await ids('SearchTerm=cust')).toEqual([caseOf(a.id), caseOf(b.id)]);
		expect(await ids(`SearchTerm=${b.collectionCaseNumber}`)).toEqual([caseOf(b.id)]);
		expect(await ids('SearchTerm=nothing')).toEqual([]);
	});

	it('filters FromCreatedAt/ToCreatedAt inclusively and refuses bad values', async () => {
		const made = ['2025-03-01T00:00:00Z', '2025-03-02T12:00:00Z', '2025-03-03T00:00:00Z'].map(
			(createdAt) => api.sim.addCase(ORG, { createdAt }),
		);
		const ids = async (q: string) =>
			(await api.get(`/orgs/${ORG}/cases?${q}`)).json.data.map((c: Json) => c.caseId);
		expect(await ids('FromCreatedAt=2025-03-02&ToCreatedAt=2025-03-02')).toEqual([made[1].caseId]);
		expect(await ids('FromCreatedAt=2025-03-02T12:00:00Z')).toEqual([
			made[1].caseId,
			made[2].caseId,
		]);
		for (const q of ['FromCreatedAt=soon', 'ToCreatedAt=2025-02-30', 'Status=DONE'])
			expect((await api.get(`/orgs/${ORG}/cases?${q}`)).status).toBe(400);
	});

	it('hides the cases of invoices still in a QUEUED batch', async () => {
		api.sim.setBatchDelayMs(60_000);
		const body = {
			invoices: [
				{
					type: 'NOTICE',
					invoiceNumber: 'Q-1',
					originalInvoiceAmount: 1,
					currency: 'NOK',
					invoiceDate: '2025-01-01',
					dueDate: '2025-02-01',
				},
			],
		};
		const { batchId } = (await api.post(`/orgs/${ORG}/invoices`, body)).json.data;
		expect((await api.get(`/orgs/${ORG}/cases`)).json.data).toEqual([]);
		api.sim.completeBatch(batchId);
		expect((await api.get(`/orgs/${ORG}/cases`)).json.data).toHaveLength(1);
	});

	it('answers 401 without a token and 403 for a forbidden organization; POST /__sim/cases adds one', async () => {
		expect((await api.get(`/orgs/${ORG}/cases`, { bearer: null })).status).toBe(401);
		const res = await api.control('cases', { orgId: ORG, caseNumber: '9000001' });
		expect([res.status, res.json.caseNumber]).toEqual([201, '9000001']);
		expect((await api.get(`/orgs/${ORG}/cases`)).json.data).toEqual([res.json]);
		api.sim.forbidOrganization(ORG);
		expect((await api.get(`/orgs/${ORG}/cases`)).status).toBe(403);
	});
});
