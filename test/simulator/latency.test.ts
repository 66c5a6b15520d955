import { Agent, request } from 'node:http';

import { ORG, type TestApi, useSimulator } from './test-client';

const LATENCY_MS = 150;
const api = useSimulator({ batchDelayMs: 0, latencyMs: LATENCY_MS });

function payments(prefix: string, count: number) {
	return Array.from({ length: count }, (_, i) => ({
		invoiceNumber: `INV-${i}`,
		uniqueSourcePaymentId: `${prefix}-${i}`,
		amount: 10,
		currency: 'NOK',
		date: '2025-03-09T14:30:00Z',
		description: 'bank transfer',
	}));
}

/** Resolves the answer's status and how long it took, ms. */
async function timed(request: () => Promise<{ status: number }>) {
	const start = performance.now();
	const { status } = await request();
	return { status, ms: performance.now() - start };
}

const postPayments = (prefix: string) => () =>
	api.post(`/orgs/${ORG}/payments`, { organizationId: ORG, payments: payments(prefix, 3) });

describe('latency (Amili across a network)', () => {
	it('answers each Collection API request after the latency, and the token endpoint at once', async () => {
		const post = await timed(postPayments('one'));
		const list = await timed(() => api.get(`/orgs/${ORG}/batches`));
		const token = await timed(() =>
			fetch(api.sim.tokenUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: api.sim.clientId,
					client_secret: api.sim.clientSecret,
				}),
			}),
		);
		expect([post.status, list.status, token.status]).toEqual([202, 200, 200]);
		expect(post.ms).toBeGreaterThanOrEqual(LATENCY_MS - 5);
		expect(list.ms).toBeGreaterThanOrEqual(LATENCY_MS - 5);
		expect(token.ms).toBeLessThan(LATENCY_MS);
	});

	it('lets requests in flight wait side by side, not one after the other', async () => {
		const start = performance.now();
		const answers = await Promise.all(['a', 'b', 'c', 'd'].map((p) => timed(postPayments(p))));
		const elapsed = performance.now() - start;
		expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
		for (const a of answers) expect(a.ms).toBeGreaterThanOrEqual(LATENCY_MS - 5);
		// One after the other would take 4 × the latency.
		expect(elapsed).toBeLessThan(2 * LATENCY_MS);
		expect(api.sim.receivedPayments(ORG)).toHaveLength(12);
		expect(api.sim.duplicatePaymentIds(ORG)).toEqual([]);
	});

	it('setLatencyMs changes it until reset() restores the start option; a bad value is refused', async () => {
		api.sim.setLatencyMs(0);
		expect(api.sim.latencyMs).toBe(0);
		expect((await timed(postPayments('fast'))).ms).toBeLessThan(LATENCY_MS);
		api.sim.reset();
		expect(api.sim.latencyMs).toBe(LATENCY_MS);
		expect((await timed(postPayments('slow'))).ms).toBeGreaterThanOrEqual(LATENCY_MS - 5);
		expect(() => api.sim.setLatencyMs(-1)).toThrow('latencyMs must be a number >= 0');
		expect(() => api.sim.setLatencyMs(Number.NaN)).toThrow('latencyMs must be a number >= 0');
	});
});

/** One payments request through `agent` (node:http, so the test decides how connections are kept). */
function postVia(target: TestApi, agent: Agent): Promise<{ status: number }> {
	const body = JSON.stringify({ organizationId: ORG, payments: payments(`c-${Math.random()}`, 1) });
	return new Promise((resolve, reject) => {
		const req = request(
			`${target.sim.apiBaseUrl}/orgs/${ORG}/payments`,
			{
				method: 'POST',
				agent,
				headers: {
					authorization: `Bearer ${target.sim.issueAccessToken()}`,
					'content-type': 'application/json',
				},
			},
			(res) => {
				res.resume();
				res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
			},
		);
		req.once('error', reject);
		req.end(body);
	});
}

describe('connections opened', () => {
	async function twoRequests(agent: Agent): Promise<number[]> {
		const statuses = [(await postVia(api, agent)).status, (await postVia(api, agent)).status];
		agent.destroy();
		return statuses;
	}

	it('counts one for a client that keeps its connection alive, one a request for one that does not', async () => {
		api.sim.setLatencyMs(0);
		expect(await twoRequests(new Agent({ keepAlive: true, maxSockets: 1 }))).toEqual([202, 202]);
		expect(api.sim.connectionsOpened).toBe(1);
		api.sim.reset();
		api.sim.setLatencyMs(0);
		expect(await twoRequests(new Agent({ keepAlive: false }))).toEqual([202, 202]);
		expect(api.sim.connectionsOpened).toBe(2);
	});
});

describe('connection latency (handshakes across a network)', () => {
	const handshakes = useSimulator({ batchDelayMs: 0, connectionLatencyMs: 150 });

	it('delays the first request on each new connection only', async () => {
		const agent = new Agent({ keepAlive: true, maxSockets: 1 });
		const first = await timed(() => postVia(handshakes, agent));
		const second = await timed(() => postVia(handshakes, agent));
		agent.destroy();
		expect([first.status, second.status]).toEqual([202, 202]);
		expect(first.ms).toBeGreaterThanOrEqual(145);
		expect(second.ms).toBeLessThan(145);
		expect(handshakes.sim.connectionsOpened).toBe(1);
	});
});
