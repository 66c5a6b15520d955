/**
 * (4) The wire: a plain Node.js client (node:http, keep-alive connections, no n8n) posting the
 * same payments in the same chunks to the same simulator, one request after the other as the node
 * does at Parallel Requests 1, or a set number in flight. The floor for any n8n node: building and
 * serialising the bodies, the simulator's own work and the round trips. The token is fetched once beforehand, as n8n holds it.
 */
import { Agent, request } from 'node:http';

export interface WirePayment {
	invoiceNumber: string;
	uniqueSourcePaymentId: string;
	amount: number;
	currency: string;
	date: string;
	description: string;
}

/** What the workflows' generator emits, already in Amili's shape (the client does no mapping). */
export function wirePayments(count: number, prefix: string): WirePayment[] {
	return Array.from({ length: count }, (_, i) => ({
		invoiceNumber: `INV-${100000 + i}`,
		uniqueSourcePaymentId: `${prefix}-${i}`,
		amount: 100 + (i % 50) + 0.25,
		currency: 'NOK',
		date: '2025-03-09T14:30:00Z',
		description: 'Paid via bank',
	}));
}

function post(url: URL, token: string, body: string, agent: Agent): Promise<number> {
	return new Promise((resolvePost, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent,
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
				},
			},
			(res) => {
				res.resume();
				res.once('end', () => resolvePost(res.statusCode ?? 0));
			},
		);
		req.once('error', reject);
		req.end(body);
	});
}

/**
 * Posts `payments` in chunks of `chunkSize`, `inFlight` requests at a time (1: one after the other,
 * as the node at Parallel Requests 1), each on its own keep-alive connection; resolves the elapsed
 * milliseconds. Throws unless every answer is 202.
 */
export async function postWire(
	apiBaseUrl: string,
	organizationId: string,
	token: string,
	payments: WirePayment[],
	chunkSize: number,
	inFlight = 1,
): Promise<number> {
	const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
	const url = new URL(`${apiBaseUrl}/orgs/${organizationId}/payments`);
	let next = 0;
	// Each worker takes the next chunk when its answer is in, so at most `inFlight` wait at a time.
	const worker = async () => {
		while (next < payments.length) {
			const from = next;
			next += chunkSize;
			const body = JSON.stringify({
				organizationId,
				payments: payments.slice(from, from + chunkSize),
			});
			const status = await post(url, token, body, agent);
			if (status !== 202) throw new Error(`the wire client got HTTP ${status}`);
		}
	};
	try {
		const start = process.hrtime.bigint();
		await Promise.all(Array.from({ length: inFlight }, worker));
		return Number(process.hrtime.bigint() - start) / 1e6;
	} finally {
		agent.destroy();
	}
}
