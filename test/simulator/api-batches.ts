/** The batch routes' handlers; auth, 403 and id formats were checked by handleApi. */
import { type ApiContext, type ApiRequest, forbidden, sameId } from './api-common';
import { type SimResponse, error, json } from './http';
import { listBatches as batchesPage } from './listing';

/** GET /orgs/{orgId}/batches/{batchId}, and GET /batches/{batchId} (no orgId). */
export function getBatch(
	ctx: ApiContext,
	_r: ApiRequest,
	{ orgId, batchId }: { orgId?: string; batchId: string },
): SimResponse {
	const batch = ctx.batches.get(batchId);
	// A batch of another organization is reported as unknown, not forbidden (our assumption).
	if (!batch || (orgId !== undefined && !sameId(batch.organizationId, orgId))) {
		return error(404, 'Batch not found');
	}
	if (ctx.isForbidden(batch.organizationId)) return forbidden();
	return json(200, { summary: { status: 'SUCCESS' }, data: batch });
}

/** GET /batches. */
export function listBatches(ctx: ApiContext, r: ApiRequest): SimResponse {
	// "Get all batches" lists every organization the client may see (our assumption).
	return batchesPage(
		ctx.batches.all().filter((b) => !ctx.isForbidden(b.organizationId)),
		r.query,
	);
}

/** GET /orgs/{orgId}/batches. */
export function listOrgBatches(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	return batchesPage(
		ctx.batches.all().filter((b) => sameId(b.organizationId, orgId)),
		r.query,
	);
}
