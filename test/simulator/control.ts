import type { IncomingMessage } from 'node:http';
import { faultProblem, type Fault } from './faults';
import { type SimResponse, error, isPlainObject, json } from './http';
import type { AmiliSimulator } from './server';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The control API under /__sim/, for benchmarks and fault tests in another process. It has no auth,
 * so it answers loopback callers only. Its requests are not recorded: they are not Amili traffic.
 *   GET  /__sim/state[?orgId=]     recordings (SimulatorState)
 *   POST /__sim/faults             body: a Fault, or an array of them
 *   POST /__sim/reset              same as reset()
 *   POST /__sim/expire-tokens      same as expireAllTokens()
 *   POST /__sim/forbid-organization  body: { orgId }
 *   POST /__sim/fail-payments      body: { uniqueSourcePaymentIds: string[], reason? }
 *   POST /__sim/tokens             body: { ttlSeconds? } -> { access_token }
 */
export function handleControl(sim: AmiliSimulator, req: IncomingMessage, method: string, url: URL, rawBody: string): SimResponse {
	if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return error(403, 'The control API answers loopback callers only');
	const action = `${method} ${url.pathname}`;
	if (action === 'GET /__sim/state') return json(200, sim.state(url.searchParams.get('orgId') ?? undefined));

	let body: unknown = {};
	if (rawBody.trim() !== '') {
		try {
			body = JSON.parse(rawBody);
		} catch {
			return error(400, 'The body is not valid JSON');
		}
	}
	switch (action) {
		case 'POST /__sim/faults': {
			const faults = Array.isArray(body) ? body : [body];
			const problem = faults.map(faultProblem).find((p) => p !== undefined);
			if (problem) return error(400, `Invalid fault: ${problem}`);
			for (const f of faults) sim.addFault(f as Fault);
			return json(201, { pendingFaults: sim.pendingFaults });
		}
		case 'POST /__sim/reset':
			sim.reset();
			return json(200, { ok: true });
		case 'POST /__sim/expire-tokens':
			sim.expireAllTokens();
			return json(200, { ok: true });
		case 'POST /__sim/forbid-organization':
			if (!isPlainObject(body) || typeof body.orgId !== 'string') return error(400, 'Body must be { "orgId": string }');
			sim.forbidOrganization(body.orgId);
			return json(200, { ok: true });
		case 'POST /__sim/fail-payments': {
			const ids = isPlainObject(body) ? body.uniqueSourcePaymentIds : undefined;
			if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
				return error(400, 'Body must be { "uniqueSourcePaymentIds": string[], "reason"?: string }');
			}
			const reason = isPlainObject(body) && typeof body.reason === 'string' ? body.reason : undefined;
			sim.failPaymentsMatching(ids as string[], reason);
			return json(200, { ok: true });
		}
		case 'POST /__sim/tokens': {
			const ttl = isPlainObject(body) && typeof body.ttlSeconds === 'number' ? body.ttlSeconds : undefined;
			return json(200, { access_token: sim.issueAccessToken({ ttlSeconds: ttl }) });
		}
		default:
			return error(404, 'No such control route');
	}
}
