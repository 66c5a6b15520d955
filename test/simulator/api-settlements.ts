/** The settlement routes' handlers; auth, 403 and id formats were checked by handleApi. */
import type { ApiContext, ApiRequest } from './api-common';
import { type SimResponse, error, json } from './http';
import { listSettlements as settlementsPage } from './settlements';

/** GET /orgs/{orgId}/settlements. */
export function listSettlements(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	return settlementsPage(ctx.settlements.list(orgId), r.query);
}

/** GET /orgs/{orgId}/settlements/{settlementId}. */
export function getSettlement(
	ctx: ApiContext,
	_r: ApiRequest,
	{ orgId, settlementId }: { orgId: string; settlementId: string },
): SimResponse {
	const settlement = ctx.settlements.get(orgId, settlementId);
	return settlement
		? json(200, { summary: { status: 'SUCCESS' }, data: settlement })
		: error(404, 'Settlement not found');
}
