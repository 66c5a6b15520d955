/**
 * transport/index.ts and transport/paging.ts, in-process against the simulator: what is retried,
 * what a failure says about Amili having acted (its outcome), and that a list stops at its limit.
 */
import {
	amiliApiRequest,
	environmentIdentityFor,
	outcomeOf,
	RequestPacing,
} from '../../nodes/Amili/transport';
import { amiliApiRequestList } from '../../nodes/Amili/transport/paging';
import { executeContext, ORG, useSimulator } from './in-process';

const simulator = useSimulator();
const context = () => executeContext(simulator(), { parameters: { authentication: 'oAuth2' } });
const FAST = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxTotalWaitMs: 1_000 };

/** A creating request, as the Create engine sends it: never repeated once sent. */
const createPayments = () =>
	amiliApiRequest.call(
		context(),
		{ method: 'POST', path: `/orgs/${ORG}/payments`, body: {}, repeatable: false },
		FAST,
	);

const failureOf = async (promise: Promise<unknown>) => {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the request to fail');
};

describe('amiliApiRequest', () => {
	test('answers with the status and body Amili sent', async () => {
		simulator().seedInvoices(ORG, 1);
		const { statusCode, body } = await amiliApiRequest.call(context(), {
			method: 'GET',
			path: `/orgs/${ORG}/invoices`,
			repeatable: true,
		});
		expect(statusCode).toBe(200);
		expect((body as { data: unknown[] }).data).toHaveLength(1);
	});

	test.each([
		['a 429', 429],
		['a 503 on a read', 503],
	])('%s is waited out (Retry-After) and the request sent again', async (_name, status) => {
		simulator().addFault({ route: 'listInvoices', status, headers: { 'Retry-After': '0' } });
		const { statusCode } = await amiliApiRequest.call(
			context(),
			{ method: 'GET', path: `/orgs/${ORG}/invoices`, repeatable: true },
			FAST,
		);
		expect(statusCode).toBe(200);
		expect(simulator().requests.filter((r) => r.route === 'listInvoices')).toHaveLength(2);
	});

	test('a 400 is final and rejected: Amili registered nothing', async () => {
		simulator().addFault({ route: 'createPayments', status: 400, body: { message: 'no' } });
		const error = await failureOf(createPayments());
		expect(outcomeOf(error)).toBe('rejected');
		expect(simulator().requests.filter((r) => r.route === 'createPayments')).toHaveLength(1);
	});

	test('a 500 on a creating request is "outcome unknown", never sent again', async () => {
		simulator().addFault({ route: 'createPayments', status: 500 });
		const error = await failureOf(createPayments());
		expect(outcomeOf(error)).toBe('unknown');
		expect(simulator().requests.filter((r) => r.route === 'createPayments')).toHaveLength(1);
	});

	test('a 503 on a creating request is "outcome unknown", never sent again, its Retry-After not waited for', async () => {
		simulator().addFault({ route: 'createPayments', status: 503, headers: { 'Retry-After': '0' } });
		const error = await failureOf(createPayments());
		expect(outcomeOf(error)).toBe('unknown');
		expect(error.message).toContain('(HTTP 503)');
		expect((error as Error & { description?: string }).description).toMatch(/Check at Amili/);
		expect(simulator().requests.filter((r) => r.route === 'createPayments')).toHaveLength(1);
	});

	test('a 429 on a creating request is sent again: a rate limiter refused it before handling', async () => {
		simulator().addFault({ route: 'createPayments', status: 429, headers: { 'Retry-After': '0' } });
		const payment = { invoiceNumber: 'INV-1', uniqueSourcePaymentId: 'p-1', amount: 1 };
		const { statusCode } = await amiliApiRequest.call(
			context(),
			{
				method: 'POST',
				path: `/orgs/${ORG}/payments`,
				body: { payments: [{ ...payment, currency: 'NOK', date: '2025-03-09T14:30:00Z' }] },
				repeatable: false,
			},
			FAST,
		);
		expect(statusCode).toBe(202);
		const sent = simulator().requests.filter((r) => r.route === 'createPayments');
		expect(sent.map((r) => r.status)).toEqual([429, 202]);
		expect(simulator().receivedPayments(ORG)).toHaveLength(1);
	});

	test('a connection reset after the request was sent is "outcome unknown" for a creating request', async () => {
		simulator().addFault({ route: 'createPayments', reset: 'after-processing' });
		const error = await failureOf(createPayments());
		expect(outcomeOf(error)).toBe('unknown');
		expect(error.message).toMatch(/^Outcome unknown/);
	});
});

describe("amiliApiRequest with the run's pacing (several requests in flight)", () => {
	const listInvoices = (pacing: RequestPacing, policy = FAST) =>
		amiliApiRequest.call(
			context(),
			{ method: 'GET', path: `/orgs/${ORG}/invoices`, repeatable: true, pacing },
			policy,
		);

	test('a request is not sent before the pause another request of the run set is over', async () => {
		const pacing = new RequestPacing();
		const started = Date.now();
		pacing.pause(400);
		await listInvoices(pacing);
		const [sent] = simulator().requests.filter((r) => r.route === 'listInvoices');
		expect(Date.parse(sent.at) - started).toBeGreaterThanOrEqual(400);
	});

	test('a 429 pauses the run for the requests that follow, not only the one that got it', async () => {
		const pacing = new RequestPacing();
		simulator().addFault({ route: 'listInvoices', status: 429, headers: { 'Retry-After': '0.5' } });
		const first = listInvoices(pacing);
		await new Promise((resolve) => setTimeout(resolve, 100)); // the 429 has come back by now
		const started = Date.now();
		await Promise.all([first, listInvoices(pacing)]);
		const sent = simulator().requests.filter((r) => r.route === 'listInvoices');
		expect(sent.map((r) => r.status)).toEqual([429, 200, 200]);
		for (const later of sent.slice(1)) expect(Date.parse(later.at) - started).toBeGreaterThan(300);
	});

	test('time held by the pause counts against the waiting limit, so the run stays bounded', async () => {
		const pacing = new RequestPacing();
		simulator().addFault({ route: 'listInvoices', status: 429, headers: { 'Retry-After': '1' } });
		pacing.pause(800);
		const error = await failureOf(listInvoices(pacing, { ...FAST, maxTotalWaitMs: 1_500 }));
		expect(error.message).toContain('429');
		expect((error as Error & { description?: string }).description).toContain(
			'Amili asked to wait 1 s, longer than the 2 s the node may wait in all',
		);
		expect(simulator().requests.filter((r) => r.route === 'listInvoices')).toHaveLength(1);
	});
});

describe('environmentIdentityFor', () => {
	test("is the credential's Custom URL, normalised, read with the same credential lookup", async () => {
		const identity = await environmentIdentityFor(context());
		expect(identity).toBe(simulator().apiBaseUrl.toLowerCase());
		expect(simulator().requests).toEqual([]); // nothing is sent to learn it
	});
});

describe('amiliApiRequestList', () => {
	test('follows the page token and stops at the limit', async () => {
		simulator().seedInvoices(ORG, 7);
		const records = await amiliApiRequestList.call(context(), {
			path: `/orgs/${ORG}/invoices`,
			limit: 5,
			pageSize: 2,
		});
		expect(records).toHaveLength(5);
		expect(new Set(records.map((record) => record.id)).size).toBe(5);
		expect(simulator().requests.filter((r) => r.route === 'listInvoices')).toHaveLength(3);
	});

	test('reads every page without a limit', async () => {
		simulator().seedInvoices(ORG, 7);
		const records = await amiliApiRequestList.call(context(), {
			path: `/orgs/${ORG}/invoices`,
			pageSize: 3,
		});
		expect(records).toHaveLength(7);
	});
});
