import { type ApiContext, type ApiRequest, forbidden } from './api-common';
import { type SimResponse, error, isUuid } from './http';
import { PATH_PARAMS } from './routes';

export type { ApiContext, ApiRequest } from './api-common';

/** Answers a matched request with its row's handler (routes.ts). Collection API requests first pass
 * the checks a gateway would run, in its order: authentication (401), authorisation (403), then the
 * ids in the path (400); the handler checks the rest (400/422/404). The token endpoint, outside the
 * API, passes none. */
export function handleApi(ctx: ApiContext, r: ApiRequest): SimResponse {
	const { entry, params } = r.match;
	if (entry === undefined) return error(404, 'No such route');
	if (entry.outsideApi) return entry.handler(ctx, r, params);
	// The 401 body is not documented; `{ message }` plus an RFC 6750 challenge is our assumption.
	if (r.bearer !== 'valid') {
		const challenge = r.bearer === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
		return error(401, `Bearer token ${r.bearer}`, { 'www-authenticate': challenge });
	}
	if (params.orgId !== undefined && ctx.isForbidden(params.orgId)) return forbidden();
	for (const key of PATH_PARAMS) {
		const id = params[key];
		if (id !== undefined && !isUuid(id)) return error(400, `${key} must be a UUID`);
	}
	return entry.handler(ctx, r, params);
}
