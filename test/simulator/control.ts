import type { IncomingMessage } from 'node:http';
import { FAILED_ENTRY_SHAPES, isFailedEntryShape } from './batches';
import type { Case } from './cases';
import { faultProblem, type Fault } from './faults';
import { type SimResponse, error, isPlainObject, json } from './http';
import type { SeedInvoice } from './invoices';
import type { AmiliSimulator } from './server';
import type { Settlement } from './settlements';
import { type WebhookData, type WebhookEvent, webhookProblem } from './webhooks';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

type Body = Record<string, unknown>;

/**
 * The control API under /__sim/, for benchmarks and fault tests in another process. It has no auth,
 * so it answers loopback callers only. Its requests are not recorded: they are not Amili traffic.
 *   GET  /__sim/state[?orgId=]        recordings (SimulatorState)
 *   POST /__sim/faults                body: a Fault, or an array of them
 *   POST /__sim/reset                 same as reset()
 *   POST /__sim/expire-tokens         same as expireAllTokens()
 *   POST /__sim/forbid-organization   body: { orgId }
 *   POST /__sim/fail-payments         body: { uniqueSourcePaymentIds: string[], reason? }
 *   POST /__sim/fail-invoices         body: { invoiceNumbers: string[], reason? }
 *   POST /__sim/tokens                body: { ttlSeconds? } -> { access_token }
 *   POST /__sim/batch-delay           body: { ms } (batches created from now on)
 *   POST /__sim/failed-entry-shape    body: { shape } (payment batches created from now on; see
 *                                     FailedEntryShape in batches.ts) -> 400 for another shape
 *   POST /__sim/complete-batch        body: { batchId } -> 404 if unknown
 *   POST /__sim/invoices              body: { orgId, count?, overrides? } -> 201 { invoices }
 *   POST /__sim/settlements           body: { orgId, ...Settlement fields } -> 201 Settlement
 *   POST /__sim/cases                 body: { orgId, ...Case fields } -> 201 Case
 *   POST /__sim/deliver-webhook       body: { url, event, data, idempotencyKey?, eventId?, headers? }
 *                                     -> { status, body, idempotencyKey, requestId, eventId }; 502 if unreachable
 *   POST /__sim/auto-webhook          body: { url: string | null }
 *   POST /__sim/flush-webhooks        -> { deliveries } (same as flushWebhooks())
 */
export async function handleControl(
	sim: AmiliSimulator,
	req: IncomingMessage,
	method: string,
	url: URL,
	rawBody: string,
): Promise<SimResponse> {
	if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
		return error(403, 'The control API answers loopback callers only');
	const action = `${method} ${url.pathname}`;
	if (action === 'GET /__sim/state')
		return json(200, sim.state(url.searchParams.get('orgId') ?? undefined));

	let body: unknown = {};
	if (rawBody.trim() !== '') {
		try {
			body = JSON.parse(rawBody);
		} catch {
			return error(400, 'The body is not valid JSON');
		}
	}
	if (action === 'POST /__sim/faults') {
		const faults = Array.isArray(body) ? body : [body];
		const problem = faults.map(faultProblem).find((p) => p !== undefined);
		if (problem) return error(400, `Invalid fault: ${problem}`);
		for (const f of faults) sim.addFault(f as Fault);
		return json(201, { pendingFaults: sim.pendingFaults });
	}
	if (action === 'POST /__sim/flush-webhooks')
		return json(200, { deliveries: await sim.flushWebhooks() });
	if (!isPlainObject(body)) return error(400, 'The body must be a JSON object');
	return action === 'POST /__sim/deliver-webhook'
		? deliver(sim, body)
		: simpleAction(sim, action, body);
}

function simpleAction(sim: AmiliSimulator, action: string, body: Body): SimResponse {
	const ok = json(200, { ok: true });
	switch (action) {
		case 'POST /__sim/reset':
			sim.reset();
			return ok;
		case 'POST /__sim/expire-tokens':
			sim.expireAllTokens();
			return ok;
		case 'POST /__sim/forbid-organization':
			if (typeof body.orgId !== 'string') return error(400, 'Body must be { "orgId": string }');
			sim.forbidOrganization(body.orgId);
			return ok;
		case 'POST /__sim/fail-payments':
		case 'POST /__sim/fail-invoices': {
			const field = action.endsWith('payments') ? 'uniqueSourcePaymentIds' : 'invoiceNumbers';
			const ids = body[field];
			if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
				return error(400, `Body must be { "${field}": string[], "reason"?: string }`);
			}
			const reason = typeof body.reason === 'string' ? body.reason : undefined;
			if (field === 'uniqueSourcePaymentIds') sim.failPaymentsMatching(ids as string[], reason);
			else sim.failInvoicesMatching(ids as string[], reason);
			return ok;
		}
		case 'POST /__sim/tokens': {
			const ttl = typeof body.ttlSeconds === 'number' ? body.ttlSeconds : undefined;
			return json(200, { access_token: sim.issueAccessToken({ ttlSeconds: ttl }) });
		}
		case 'POST /__sim/batch-delay':
			if (typeof body.ms !== 'number' || !(body.ms >= 0))
				return error(400, 'Body must be { "ms": number >= 0 }');
			sim.setBatchDelayMs(body.ms);
			return ok;
		case 'POST /__sim/failed-entry-shape':
			if (!isFailedEntryShape(body.shape))
				return error(400, `Body must be { "shape": ${FAILED_ENTRY_SHAPES.join(' | ')} }`);
			sim.setFailedEntryShape(body.shape);
			return ok;
		case 'POST /__sim/complete-batch':
			if (typeof body.batchId !== 'string') return error(400, 'Body must be { "batchId": string }');
			return sim.completeBatch(body.batchId) ? ok : error(404, 'Batch not found');
		case 'POST /__sim/auto-webhook':
			if (body.url !== null && typeof body.url !== 'string')
				return error(400, 'Body must be { "url": string | null }');
			sim.setAutoWebhookUrl(body.url ?? undefined);
			return ok;
		default:
			return seedAction(sim, action, body);
	}
}

/** Seeding routes: each needs the organization. */
function seedAction(sim: AmiliSimulator, action: string, body: Body): SimResponse {
	const { orgId, ...rest } = body;
	const needsOrg = () => error(400, 'Body must have "orgId": string');
	switch (action) {
		case 'POST /__sim/invoices': {
			if (typeof orgId !== 'string') return needsOrg();
			const count = body.count ?? 1;
			if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 10_000)
				return error(400, 'count must be an integer from 1 to 10000');
			const overrides = isPlainObject(body.overrides) ? (body.overrides as SeedInvoice) : {};
			return json(201, { invoices: sim.seedInvoices(orgId, count as number, overrides) });
		}
		case 'POST /__sim/settlements':
			return typeof orgId === 'string'
				? json(201, sim.addSettlement(orgId, rest as Partial<Settlement>))
				: needsOrg();
		case 'POST /__sim/cases':
			return typeof orgId === 'string'
				? json(201, sim.addCase(orgId, rest as Partial<Case>))
				: needsOrg();
		default:
			return error(404, 'No such control route');
	}
}

async function deliver(sim: AmiliSimulator, body: Body): Promise<SimResponse> {
	if (typeof body.url !== 'string') return error(400, 'Body must have "url": string');
	const problem = webhookProblem(body.event, body.data);
	if (problem) return error(400, `Invalid webhook: ${problem}`);
	const headers = isPlainObject(body.headers)
		? (body.headers as Record<string, string>)
		: undefined;
	const opts = {
		...(typeof body.idempotencyKey === 'string' ? { idempotencyKey: body.idempotencyKey } : {}),
		...(typeof body.eventId === 'string' ? { eventId: body.eventId } : {}),
		...(headers ? { headers } : {}),
	};
	const event = body.event as WebhookEvent;
	try {
		return json(
			200,
			await sim.deliverWebhook(body.url, event, body.data as WebhookData[typeof event], opts),
		);
	} catch (e) {
		return error(
			502,
			`The webhook receiver could not be reached: ${e instanceof Error ? e.message : String(e)}`,
		);
	}
}
