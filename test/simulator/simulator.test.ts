import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type AmiliSimulator, type Fault, startSimulator } from './index';

const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
const OTHER_ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const BATCH_DELAY_MS = 200;

let sim: AmiliSimulator;
let token: string;

beforeAll(async () => {
	sim = await startSimulator({ batchDelayMs: BATCH_DELAY_MS });
	token = sim.issueAccessToken();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function payment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		invoiceNumber: 'INV-1',
		uniqueSourcePaymentId: `pay-${Math.random().toString(36).slice(2)}`,
		type: 0,
		amount: 125.5,
		currency: 'NOK',
		date: '2025-03-09T14:30:00Z',
		description: 'bank transfer',
		...overrides,
	};
}

interface PostOptions {
	orgId?: string;
	bearer?: string | null;
	contentType?: string;
	raw?: string;
}

async function postPayments(body: unknown, opts: PostOptions = {}) {
	const headers: Record<string, string> = {
		'content-type': opts.contentType ?? 'application/json',
	};
	const bearer = opts.bearer === undefined ? token : opts.bearer;
	if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
	const res = await fetch(`${sim.apiBaseUrl}/orgs/${opts.orgId ?? ORG}/payments`, {
		method: 'POST',
		headers,
		body: opts.raw ?? JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: parseJson(text) };
}

// Answers are read loosely on purpose: the assertions below are what check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function parseJson(text: string): Json {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

async function get(path: string, bearer: string | null = token) {
	const res = await fetch(`${sim.apiBaseUrl}${path}`, {
		headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
	});
	return { status: res.status, json: parseJson(await res.text()) };
}

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
	return fetch(sim.tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form).toString(),
	});
}

const validForm = () => ({
	grant_type: 'client_credentials',
	client_id: sim.clientId,
	client_secret: sim.clientSecret,
});

describe('token endpoint', () => {
	it('issues a JWT in the documented shape for form client credentials, and it opens the API', async () => {
		const res = await tokenRequest(validForm());
		expect(res.status).toBe(200);
		const body = (await res.json()) as Record<string, unknown>;
		expect(Object.keys(body).sort()).toEqual([
			'access_token',
			'expires_in',
			'expires_on',
			'not_before',
			'resource',
			'token_type',
		]);
		expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
		expect(body.expires_on).toBe((body.not_before as number) + 3600);
		expect(Math.abs((body.not_before as number) - Date.now() / 1000)).toBeLessThan(5);
		const parts = (body.access_token as string).split('.');
		expect(parts).toHaveLength(3);
		expect(JSON.parse(Buffer.from(parts[0], 'base64url').toString())).toEqual({
			alg: 'HS256',
			typ: 'JWT',
		});
		expect((await get('/batches', body.access_token as string)).status).toBe(200);
		expect(sim.tokenRequests).toEqual([
			expect.objectContaining({ clientAuth: 'form', clientId: sim.clientId, status: 200 }),
		]);
		expect(sim.tokenRequestCount).toBe(1);
	});

	it('accepts HTTP Basic client authentication, form-encoded (RFC 6749) or raw', async () => {
		const special = await startSimulator({ clientId: 'my integration', clientSecret: 's3+cr/3t%' });
		try {
			const basic = (id: string, secret: string) => ({
				authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
			});
			const form = new URLSearchParams({ grant_type: 'client_credentials' }).toString();
			const headers = { 'content-type': 'application/x-www-form-urlencoded' };
			for (const auth of [
				basic(encodeURIComponent('my integration'), encodeURIComponent('s3+cr/3t%')),
				basic('my integration', 's3+cr/3t%'),
			]) {
				const res = await fetch(special.tokenUrl, {
					method: 'POST',
					headers: { ...headers, ...auth },
					body: form,
				});
				expect(res.status).toBe(200);
			}
			const wrong = await fetch(special.tokenUrl, {
				method: 'POST',
				headers: { ...headers, ...basic('my integration', 'x') },
				body: form,
			});
			expect(wrong.status).toBe(401);
			expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
			expect(special.tokenRequests.map((r) => [r.clientAuth, r.status])).toEqual([
				['basic', 200],
				['basic', 200],
				['basic', 401],
			]);
		} finally {
			await special.close();
		}
	});

	it('answers 401 invalid_client for a wrong secret or id', async () => {
		for (const form of [
			{ ...validForm(), client_secret: 'wrong' },
			{ ...validForm(), client_id: 'someone-else' },
			{ grant_type: 'client_credentials' },
		]) {
			const res = await tokenRequest(form);
			expect(res.status).toBe(401);
			expect(await res.json()).toEqual({ error: 'invalid_client' });
		}
	});

	it('answers 400 unsupported_grant_type for another grant', async () => {
		const res = await tokenRequest({ ...validForm(), grant_type: 'password' });
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
	});

	it('never records the secret or a token', async () => {
		const issued = (await (await tokenRequest(validForm())).json()) as { access_token: string };
		await postPayments({ payments: [payment()] }, { bearer: issued.access_token });
		const state = JSON.stringify(await (await fetch(`${sim.url}/__sim/state`)).json());
		expect(state).not.toContain(sim.clientSecret);
		expect(state).not.toContain(issued.access_token);
		expect(state).not.toContain(token);
	});
});

describe('bearer checks', () => {
	it('answers 401 without a token, with a forged one, an expired one, and one from another simulator', async () => {
		const other = await startSimulator();
		const foreign = other.issueAccessToken();
		await other.close();
		const forged = `${token.slice(0, token.lastIndexOf('.'))}.AAAA${token.slice(token.lastIndexOf('.') + 5)}`;
		for (const bearer of [
			null,
			'not-a-jwt',
			forged,
			sim.issueAccessToken({ ttlSeconds: 0 }),
			foreign,
		]) {
			const res = await postPayments({ payments: [payment()] }, { bearer });
			expect(res.status).toBe(401);
			expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
		}
		expect(sim.paymentBatches()).toEqual([]);
		expect(sim.requests.map((r) => r.bearer)).toEqual([
			'missing',
			'invalid',
			'invalid',
			'expired',
			'invalid',
		]);
		expect(sim.requests.every((r) => !r.validBearer && r.status === 401)).toBe(true);
	});

	it('expireAllTokens() rejects every earlier token, later ones work', async () => {
		const before = sim.issueAccessToken();
		expect((await get('/batches', before)).status).toBe(200);
		sim.expireAllTokens();
		expect((await get('/batches', before)).status).toBe(401);
		expect((await get('/batches', token)).status).toBe(401);
		token = sim.issueAccessToken();
		expect((await get('/batches', token)).status).toBe(200);
		expect(sim.requests.map((r) => r.bearer)).toEqual(['valid', 'expired', 'expired', 'valid']);
	});

	it('answers 403 for a forbidden organization, on every org route, until reset', async () => {
		sim.forbidOrganization(ORG);
		expect((await postPayments({ payments: [payment()] })).status).toBe(403);
		expect((await get(`/orgs/${ORG}/batches`)).status).toBe(403);
		expect((await postPayments({ payments: [payment()] }, { orgId: OTHER_ORG })).status).toBe(202);
		sim.reset();
		expect((await postPayments({ payments: [payment()] })).status).toBe(202);
	});
});

describe('POST /orgs/{orgId}/payments', () => {
	it('accepts a valid request with 202 and the documented body, and records it', async () => {
		const payments = [
			payment(),
			payment({ invoiceNumber: undefined, invoiceId: 'b1f0', type: 'DIRECT_PAYMENT' }),
		];
		const res = await postPayments({ organizationId: ORG, payments });
		expect(res.status).toBe(202);
		const { batchId } = res.json.data;
		expect(res.json).toEqual({
			summary: { status: 'SUCCESS' },
			data: { batchId, batchUrl: `${sim.apiBaseUrl}/batches/${batchId}` },
		});
		expect(batchId).toMatch(/^[0-9a-f-]{36}$/);
		expect(sim.paymentBatches()).toEqual([
			{
				batchId,
				orgId: ORG,
				at: expect.any(String),
				payments: JSON.parse(JSON.stringify(payments)),
			},
		]);
		expect(sim.receivedPayments(ORG)).toHaveLength(2);
		expect(sim.receivedPayments(OTHER_ORG)).toEqual([]);
		const [record] = sim.requests;
		expect(record).toMatchObject({
			method: 'POST',
			route: 'createPayments',
			orgId: ORG,
			status: 202,
			validBearer: true,
		});
		expect(JSON.stringify(sim.requests)).not.toContain(token);
		expect(Object.keys(record)).not.toContain('authorization');
	});

	it.each([
		['an offset date', { date: '2025-03-09T16:30:00.123+02:00' }],
		['a type 0', { type: 0 }],
		['no type and no description', { type: undefined, description: undefined }],
		['a negative amount', { amount: -10 }],
	])('accepts %s', async (_name, overrides) => {
		expect((await postPayments({ payments: [payment(overrides)] })).status).toBe(202);
	});

	it.each([
		['no invoice reference', { invoiceNumber: undefined }, 'invoiceId'],
		['an empty invoiceNumber', { invoiceNumber: '' }, 'invoiceNumber'],
		['a numeric invoiceId', { invoiceId: 42 }, 'invoiceId'],
		['no uniqueSourcePaymentId', { uniqueSourcePaymentId: undefined }, 'uniqueSourcePaymentId'],
		['an empty uniqueSourcePaymentId', { uniqueSourcePaymentId: '' }, 'uniqueSourcePaymentId'],
		['a negative type', { type: -1 }, 'type'],
		['a fractional type', { type: 1.5 }, 'type'],
		['a lower-case type name', { type: 'direct_payment' }, 'type'],
		['an amount as a string', { amount: '100' }, 'amount'],
		['no amount', { amount: undefined }, 'amount'],
		['a lower-case currency', { currency: 'nok' }, 'currency'],
		['a four-letter currency', { currency: 'NOKK' }, 'currency'],
		['a date without time', { date: '2025-03-09' }, 'date'],
		['a date without zone', { date: '2025-03-09T14:30:00' }, 'date'],
		['an impossible date', { date: '2025-02-30T14:30:00Z' }, 'date'],
		['an impossible time', { date: '2025-03-09T24:30:00Z' }, 'date'],
		['a numeric description', { description: 7 }, 'description'],
	])('answers 422 for %s, naming index and field', async (_name, overrides, field) => {
		const res = await postPayments({ payments: [payment(), payment(overrides)] });
		expect(res.status).toBe(422);
		expect(res.json.message).toEqual(expect.any(String));
		expect(res.json.errors).toEqual([{ index: 1, field, message: expect.any(String) }]);
		expect(sim.paymentBatches()).toEqual([]);
	});

	it('reports every invalid payment, not just the first', async () => {
		const res = await postPayments({
			payments: [payment({ amount: 'x' }), payment(), payment({ currency: 'kr' })],
		});
		expect(res.status).toBe(422);
		expect(
			res.json.errors.map((e: { index: number; field: string }) => [e.index, e.field]),
		).toEqual([
			[0, 'amount'],
			[2, 'currency'],
		]);
	});

	it.each([
		['missing', {}],
		['empty', { payments: [] }],
		['not an array', { payments: payment() }],
	])('answers 422 when payments is %s', async (_name, body) => {
		const res = await postPayments(body);
		expect(res.status).toBe(422);
		expect(res.json.errors).toEqual([{ field: 'payments', message: expect.any(String) }]);
	});

	it('answers 400 for an undocumented field in a payment or the body, naming it', async () => {
		const res = await postPayments({ payments: [payment(), payment({ kid: '123' })] });
		expect(res.status).toBe(400);
		expect(res.json.errors).toEqual([{ index: 1, field: 'kid', message: 'unknown field' }]);
		const top = await postPayments({ payments: [payment()], extra: true });
		expect(top.status).toBe(400);
		expect(top.json.errors).toEqual([{ field: 'extra', message: 'unknown field' }]);
	});

	it('answers 400 when organizationId in the body differs from the path', async () => {
		const res = await postPayments({ organizationId: OTHER_ORG, payments: [payment()] });
		expect(res.status).toBe(400);
		expect(res.json.errors).toEqual([{ field: 'organizationId', message: expect.any(String) }]);
	});

	it('answers 400 for a non-UUID org, a wrong content type, broken JSON and a non-object body', async () => {
		expect((await postPayments({ payments: [payment()] }, { orgId: 'acme' })).status).toBe(400);
		expect(
			(await postPayments({ payments: [payment()] }, { contentType: 'text/plain' })).status,
		).toBe(400);
		expect((await postPayments(null, { raw: '{"payments": [' })).status).toBe(400);
		expect((await postPayments([payment()])).status).toBe(400);
		expect(
			(
				await postPayments(
					{ payments: [payment()] },
					{ contentType: 'application/json; charset=utf-8' },
				)
			).status,
		).toBe(202);
		expect(sim.paymentBatches()).toHaveLength(1);
	});

	it('accepts repeated uniqueSourcePaymentIds but reports them per organization', async () => {
		await postPayments({
			payments: [payment({ uniqueSourcePaymentId: 'a' }), payment({ uniqueSourcePaymentId: 'b' })],
		});
		await postPayments({ payments: [payment({ uniqueSourcePaymentId: 'a' })] });
		await postPayments(
			{ payments: [payment({ uniqueSourcePaymentId: 'b' })] },
			{ orgId: OTHER_ORG },
		);
		await postPayments(
			{
				payments: [
					payment({ uniqueSourcePaymentId: 'c' }),
					payment({ uniqueSourcePaymentId: 'c' }),
				],
			},
			{ orgId: OTHER_ORG },
		);
		expect(sim.paymentBatches()).toHaveLength(4);
		expect(sim.duplicatePaymentIds(ORG)).toEqual(['a']);
		expect(sim.duplicatePaymentIds(OTHER_ORG)).toEqual(['c']);
		expect(sim.duplicatePaymentIds()).toEqual(['a', 'c']);
	});
});

describe('batches', () => {
	async function createBatch(payments = [payment()], orgId = ORG): Promise<string> {
		const res = await postPayments({ payments }, { orgId });
		expect(res.status).toBe(202);
		return res.json.data.batchId as string;
	}

	it('is QUEUED, then SUCCESS after batchDelayMs, on both batch routes', async () => {
		const p = payment({ uniqueSourcePaymentId: 'p-1', invoiceNumber: 'INV-9' });
		const batchId = await createBatch([p]);
		const queued = await get(`/orgs/${ORG}/batches/${batchId}`);
		expect(queued.status).toBe(200);
		expect(queued.json.summary).toEqual({ status: 'SUCCESS' });
		expect(queued.json.data).toMatchObject({
			batchId,
			type: 'PAYMENT',
			status: 'QUEUED',
			finishedAt: null,
			organizationId: ORG,
		});
		await sleep(BATCH_DELAY_MS + 20);
		for (const path of [`/orgs/${ORG}/batches/${batchId}`, `/batches/${batchId}`]) {
			const done = await get(path);
			expect(done.json.data).toMatchObject({
				status: 'SUCCESS',
				finishedAt: expect.any(String),
				createdBy: expect.stringMatching(/^[0-9a-f-]{36}$/),
				succeeded: [{ uniqueSourcePaymentId: 'p-1', invoiceNumber: 'INV-9' }],
				failed: [],
			});
			expect(Date.parse(done.json.data.finishedAt) - Date.parse(done.json.data.createdAt)).toBe(
				BATCH_DELAY_MS,
			);
		}
	});

	it('ends PARTIAL when failPaymentsMatching hits some payments, FAILED when it hits all', async () => {
		sim.failPaymentsMatching(['bad-1'], 'Invoice is closed');
		sim.failPaymentsMatching((p) => p.amount > 1000);
		const partial = await createBatch([
			payment({ uniqueSourcePaymentId: 'ok-1' }),
			payment({ uniqueSourcePaymentId: 'bad-1', invoiceNumber: undefined, invoiceId: 'inv-x' }),
		]);
		const failed = await createBatch([payment({ uniqueSourcePaymentId: 'big', amount: 5000 })]);
		await sleep(BATCH_DELAY_MS + 20);
		const p = (await get(`/batches/${partial}`)).json.data;
		expect(p.status).toBe('PARTIAL');
		expect(
			p.succeeded.map((s: { uniqueSourcePaymentId: string }) => s.uniqueSourcePaymentId),
		).toEqual(['ok-1']);
		expect(p.failed).toEqual([
			{ uniqueSourcePaymentId: 'bad-1', invoiceId: 'inv-x', reason: 'Invoice is closed' },
		]);
		const f = (await get(`/batches/${failed}`)).json.data;
		expect(f.status).toBe('FAILED');
		expect(f.failed).toEqual([
			expect.objectContaining({ uniqueSourcePaymentId: 'big', reason: expect.any(String) }),
		]);
	});

	it('answers 404 for unknown batches and batches of another org, 400 for a non-UUID id, 401 without token', async () => {
		const batchId = await createBatch();
		expect((await get(`/batches/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
		expect((await get(`/orgs/${OTHER_ORG}/batches/${batchId}`)).status).toBe(404);
		expect((await get(`/orgs/${ORG}/batches/nope`)).status).toBe(400);
		expect((await get(`/batches/${batchId}`, null)).status).toBe(401);
		sim.forbidOrganization(ORG);
		expect((await get(`/batches/${batchId}`)).status).toBe(403);
	});

	it('pages through GET /batches with an opaque PageToken; the last page has no nextPageToken', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(await createBatch());
		const seen: string[] = [];
		let pageToken: string | undefined;
		let pages = 0;
		do {
			const query = `PageSize=2${pageToken ? `&PageToken=${encodeURIComponent(pageToken)}` : ''}`;
			const page = await get(`/batches?${query}`);
			expect(page.status).toBe(200);
			expect(page.json.summary.status).toBe('SUCCESS');
			seen.push(...page.json.data.map((b: { batchId: string }) => b.batchId));
			pageToken = page.json.summary.nextPageToken;
			pages++;
		} while (pageToken !== undefined);
		expect(pages).toBe(3);
		expect(seen).toEqual(ids);
		const desc = await get('/batches?PageSize=5&SortDirection=DESC');
		expect(desc.json.data.map((b: { batchId: string }) => b.batchId)).toEqual([...ids].reverse());
		expect(desc.json.summary).toEqual({ status: 'SUCCESS' });
	});

	it('defaults to 50 a page, filters by org and State, and rejects bad paging parameters', async () => {
		for (let i = 0; i < 51; i++) await createBatch();
		const other = await createBatch([payment()], OTHER_ORG);
		const first = await get('/batches');
		expect(first.json.data).toHaveLength(50);
		expect(first.json.summary.nextPageToken).toEqual(expect.any(String));
		const org = await get(`/orgs/${OTHER_ORG}/batches`);
		expect(org.json.data.map((b: { batchId: string }) => b.batchId)).toEqual([other]);
		expect(org.json.summary.nextPageToken).toBeUndefined();
		expect((await get(`/orgs/${OTHER_ORG}/batches?State=QUEUED`)).json.data).toHaveLength(1);
		expect((await get(`/orgs/${OTHER_ORG}/batches?State=SUCCESS`)).json.data).toHaveLength(0);
		await sleep(BATCH_DELAY_MS + 20);
		expect((await get(`/orgs/${OTHER_ORG}/batches?state=SUCCESS`)).json.data).toHaveLength(1);
		for (const q of [
			'PageSize=0',
			'PageSize=abc',
			'PageToken=garbage',
			'State=DONE',
			'SortDirection=UP',
		]) {
			expect((await get(`/batches?${q}`)).status).toBe(400);
		}
	});
});

describe('faults', () => {
	it('answers a queued 429 with Retry-After once, records it, then behaves normally', async () => {
		sim.addFault({
			route: 'createPayments',
			status: 429,
			headers: { 'Retry-After': '2' },
			body: { message: 'slow down' },
		});
		const limited = await postPayments({ payments: [payment()] });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect(limited.json).toEqual({ message: 'slow down' });
		expect(sim.paymentBatches()).toEqual([]);
		expect((await postPayments({ payments: [payment()] })).status).toBe(202);
		expect(sim.requests.map((r) => [r.status, r.fault])).toEqual([
			[429, 'status 429'],
			[202, undefined],
		]);
		expect(sim.pendingFaults).toEqual([]);
	});

	it('honours times, method, route and orgId when matching', async () => {
		const date = new Date(Date.now() + 60_000).toUTCString();
		sim.addFault({ orgId: OTHER_ORG, status: 503, headers: { 'Retry-After': date }, times: 2 });
		sim.addFault({ method: 'GET', route: 'listBatches', status: 500 });
		expect((await postPayments({ payments: [payment()] })).status).toBe(202);
		expect((await get('/batches/00000000-0000-4000-8000-000000000000')).status).toBe(404);
		const a = await postPayments({ payments: [payment()] }, { orgId: OTHER_ORG });
		expect([a.status, a.headers.get('retry-after')]).toEqual([503, date]);
		expect(a.json).toEqual({ message: expect.stringContaining('503') });
		expect((await get(`/orgs/${OTHER_ORG}/batches`)).status).toBe(503);
		expect((await postPayments({ payments: [payment()] }, { orgId: OTHER_ORG })).status).toBe(202);
		expect((await get('/batches')).status).toBe(500);
		expect((await get('/batches')).status).toBe(200);
	});

	it('answers a malformed 202 with a raw body', async () => {
		sim.addFault({ route: 'createPayments', status: 202, rawBody: 'not json' });
		sim.addFault({ route: 'createPayments', status: 202, rawBody: '' });
		const broken = await postPayments({ payments: [payment()] });
		expect([broken.status, broken.text]).toEqual([202, 'not json']);
		const empty = await postPayments({ payments: [payment()] });
		expect([empty.status, empty.text]).toEqual([202, '']);
		expect(sim.paymentBatches()).toEqual([]);
	});

	it('delays an answer, then processes normally', async () => {
		sim.addFault({ route: 'createPayments', delayMs: 300 });
		const started = Date.now();
		const res = await postPayments({ payments: [payment()] });
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(res.status).toBe(202);
		expect(sim.requests[0]).toMatchObject({ status: 202, fault: 'delay 300ms' });
		expect(sim.requests[0].durationMs).toBeGreaterThanOrEqual(290);
	});

	it('drops the connection before processing: nothing accepted', async () => {
		sim.addFault({ route: 'createPayments', reset: 'before-processing' });
		await expect(postPayments({ payments: [payment()] })).rejects.toThrow();
		expect(sim.paymentBatches()).toEqual([]);
		expect(sim.requests[0]).toMatchObject({ status: null, fault: 'reset before-processing' });
		expect((await postPayments({ payments: [payment()] })).status).toBe(202);
	});

	it('drops the connection after processing: payments accepted, batch exists, no answer', async () => {
		sim.addFault({ route: 'createPayments', reset: 'after-processing' });
		const p = payment({ uniqueSourcePaymentId: 'unknown-outcome' });
		await expect(postPayments({ payments: [p] })).rejects.toThrow();
		const [batch] = sim.paymentBatches();
		expect(batch.payments).toEqual([p]);
		expect(sim.batch(batch.batchId)?.status).toBe('QUEUED');
		expect(sim.requests[0]).toMatchObject({ status: null, fault: 'reset after-processing' });
		// The retry a client would make is accepted again and shows up as a duplicate.
		expect((await postPayments({ payments: [p] })).status).toBe(202);
		expect(sim.duplicatePaymentIds()).toEqual(['unknown-outcome']);
	});

	it('faults the token endpoint too', async () => {
		sim.addFault({ route: 'token', status: 503 });
		expect((await tokenRequest(validForm())).status).toBe(503);
		expect((await tokenRequest(validForm())).status).toBe(200);
	});

	it('refuses an invalid fault', () => {
		expect(() => sim.addFault({ route: 'nope' } as unknown as Fault)).toThrow(/invalid fault/);
		expect(() => sim.addFault({ status: 500, reset: 'before-processing' })).toThrow(
			/invalid fault/,
		);
		expect(() => sim.addFault({})).toThrow(/invalid fault/);
	});
});

describe('control API and other routes', () => {
	const control = (path: string, body?: unknown) =>
		fetch(`${sim.controlUrl}/${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});

	it('queues faults, reports state, expires tokens and resets', async () => {
		expect((await control('faults', { route: 'createPayments', status: 503 })).status).toBe(201);
		expect((await control('faults', { status: 'x' })).status).toBe(400);
		expect((await postPayments({ payments: [payment()] })).status).toBe(503);
		expect(
			(await postPayments({ payments: [payment({ uniqueSourcePaymentId: 's-1' })] })).status,
		).toBe(202);

		const state = (await (await control('state')).json()) as Json;
		expect(state.requests.map((r: { status: number }) => r.status)).toEqual([503, 202]);
		expect(state.paymentBatches).toHaveLength(1);
		expect(
			state.receivedPayments.map((p: { uniqueSourcePaymentId: string }) => p.uniqueSourcePaymentId),
		).toEqual(['s-1']);
		expect(state).toMatchObject({
			duplicatePaymentIds: [],
			pendingFaults: [],
			clientId: sim.clientId,
			tokenRequestCount: 0,
		});

		expect((await control('expire-tokens', {})).status).toBe(200);
		expect((await get('/batches')).status).toBe(401);
		token = ((await (await control('tokens', {})).json()) as { access_token: string }).access_token;
		expect((await get('/batches')).status).toBe(200);

		expect((await control('reset', {})).status).toBe(200);
		const after = (await (await control('state')).json()) as Json;
		expect([after.requests, after.paymentBatches, after.batches]).toEqual([[], [], []]);
		expect((await get('/batches')).status).toBe(200);
	});

	it('forbids organizations and fails payments on request', async () => {
		await control('forbid-organization', { orgId: OTHER_ORG });
		await control('fail-payments', { uniqueSourcePaymentIds: ['x'], reason: 'no' });
		expect((await postPayments({ payments: [payment()] }, { orgId: OTHER_ORG })).status).toBe(403);
		const res = await postPayments({ payments: [payment({ uniqueSourcePaymentId: 'x' })] });
		await sleep(BATCH_DELAY_MS + 20);
		expect(sim.batch(res.json.data.batchId)?.status).toBe('FAILED');
	});

	it('answers 404 JSON for anything else, and records it', async () => {
		const res = await fetch(`${sim.apiBaseUrl}/orgs/${ORG}/reports`, {
			headers: { authorization: `Bearer ${token}` },
		});
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ message: expect.any(String) });
		expect((await fetch(`${sim.url}/elsewhere`)).status).toBe(404);
		expect((await fetch(`${sim.controlUrl}/nothing`)).status).toBe(404);
		expect(sim.requests.map((r) => r.route)).toEqual(['unknown', 'unknown']);
	});
});

describe('main.ts', () => {
	it('prints the URLs and client credentials as one JSON line and stops on SIGTERM', async () => {
		const tsx = join(__dirname, '../../node_modules/.bin/tsx');
		const child = spawn(tsx, [join(__dirname, 'main.ts'), '--port', '0'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const line = await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (d: Buffer) => {
				out += d.toString();
				if (out.includes('\n')) resolve(out.split('\n')[0]);
			});
			child.once('exit', () => reject(new Error(`exited early: ${out}`)));
		});
		const info = JSON.parse(line) as Record<string, string>;
		expect(info.apiBaseUrl).toBe(`${info.url}/collection/v1`);
		const res = await fetch(info.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: info.clientId,
				client_secret: info.clientSecret,
			}),
		});
		expect(res.status).toBe(200);
		const exited = new Promise<number | null>((resolve) =>
			child.once('exit', (code) => resolve(code)),
		);
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	}, 30_000);
});
