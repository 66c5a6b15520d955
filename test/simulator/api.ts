import type { IncomingMessage } from 'node:http';
import type { BatchStore } from './batches';
import { type SimResponse, error, isUuid, json, mediaType } from './http';
import { listBatches } from './listing';
import { checkPaymentsBody } from './payments';
import type { Recorder } from './recorder';
import type { RouteMatch } from './routes';
import type { BearerCheck, TokenService } from './tokens';

/** What the Collection API handlers need from the simulator. */
export interface ApiContext {
	apiBaseUrl: string;
	tokens: TokenService;
	batches: BatchStore;
	recorder: Recorder;
	isForbidden(orgId: string): boolean;
}

export interface ApiRequest {
	match: RouteMatch;
	req: IncomingMessage;
	rawBody: string;
	query: URLSearchParams;
	bearer: BearerCheck;
}

/** The Collection API routes (everything but /token). Checks run in the order a gateway would:
 * authentication (401), authorisation (403), then the request itself (400/422/404). */
export function handleApi(ctx: ApiContext, r: ApiRequest): SimResponse {
	const { match } = r;
	if (match.route === 'unknown') return error(404, 'No such route');
	// The 401 body is not documented; `{ message }` plus an RFC 6750 challenge is our assumption.
	if (r.bearer !== 'valid') {
		const challenge = r.bearer === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
		return error(401, `Bearer token ${r.bearer}`, { 'www-authenticate': challenge });
	}
	if (match.orgId !== undefined && ctx.isForbidden(match.orgId)) return forbidden();
	if (match.orgId !== undefined && !isUuid(match.orgId)) return error(400, 'orgId must be a UUID');
	if (match.batchId !== undefined && !isUuid(match.batchId)) return error(400, 'batchId must be a UUID');

	switch (match.route) {
		case 'createPayments':
			return createPayments(ctx, r, match.orgId as string);
		case 'getBatch':
		case 'getBatchLegacy': {
			const batch = ctx.batches.get(match.batchId as string);
			// A batch of another organization is reported as unknown, not forbidden (our assumption).
			if (!batch || (match.orgId !== undefined && !sameId(batch.organizationId, match.orgId))) {
				return error(404, 'Batch not found');
			}
			if (ctx.isForbidden(batch.organizationId)) return forbidden();
			return json(200, { summary: { status: 'SUCCESS' }, data: batch });
		}
		case 'listBatches':
			// "Get all batches" lists every organization the client may see (our assumption).
			return listBatches(ctx.batches.all().filter((b) => !ctx.isForbidden(b.organizationId)), r.query);
		case 'listOrgBatches':
			return listBatches(ctx.batches.all().filter((b) => sameId(b.organizationId, match.orgId as string)), r.query);
		default:
			return error(404, 'No such route');
	}
}

function createPayments(ctx: ApiContext, r: ApiRequest, orgId: string): SimResponse {
	if (mediaType(r.req) !== 'application/json') return error(400, 'Content-Type must be application/json');
	let body: unknown;
	try {
		body = JSON.parse(r.rawBody);
	} catch {
		return error(400, 'The body is not valid JSON');
	}
	const check = checkPaymentsBody(body, orgId);
	if (!check.ok) return json(check.status, { message: check.message, errors: check.errors });

	const createdBy = ctx.tokens.principalId;
	const batchId = ctx.batches.create(orgId, createdBy, check.payments);
	ctx.recorder.addPaymentBatch({ batchId, orgId, at: new Date().toISOString(), payments: check.payments });
	return json(202, {
		summary: { status: 'SUCCESS' },
		// The documented example's batchUrl is the legacy org-less batch path.
		data: { batchId, batchUrl: `${ctx.apiBaseUrl}/batches/${batchId}` },
	});
}

function forbidden(): SimResponse {
	return error(403, 'The client may not access this organization');
}

function sameId(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}
