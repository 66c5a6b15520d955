/** The case routes' handlers; auth and 403 were checked by handleApi. */
import type { ApiContext, ApiRequest } from './api-common';
import { listCases as casesPage } from './cases';
import type { SimResponse } from './http';

/** GET /orgs/{orgId}/cases. */
export function listCases(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	const invoices = new Map(ctx.invoices.list(orgId).map((i) => [i.id, i]));
	return casesPage(ctx.cases.list(orgId), (id) => invoices.get(id), r.query);
}
