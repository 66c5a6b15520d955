import type { RouteName } from './faults';

export interface RouteMatch {
	route: RouteName;
	orgId?: string;
	batchId?: string;
}

/** The Collection API's path prefix (CONTRACT §1). */
export const API_PREFIX = '/collection/v1';

/** One route per documented endpoint we simulate; everything else is 'unknown' (404). */
export function matchRoute(method: string, path: string): RouteMatch {
	if (path === '/token') return method === 'POST' ? { route: 'token' } : { route: 'unknown' };
	if (!path.startsWith(`${API_PREFIX}/`)) return { route: 'unknown' };
	const segments = path.slice(API_PREFIX.length + 1).split('/').map(decodeSegment);
	const [a, b, c, d, ...rest] = segments;
	if (rest.length > 0 || segments.some((s) => s === '')) return { route: 'unknown' };
	if (method === 'POST' && a === 'orgs' && c === 'payments' && d === undefined) return { route: 'createPayments', orgId: b };
	if (method !== 'GET') return { route: 'unknown' };
	if (a === 'batches' && b === undefined) return { route: 'listBatches' };
	if (a === 'batches' && c === undefined) return { route: 'getBatchLegacy', batchId: b };
	if (a === 'orgs' && c === 'batches' && d === undefined) return { route: 'listOrgBatches', orgId: b };
	if (a === 'orgs' && c === 'batches') return { route: 'getBatch', orgId: b, batchId: d };
	return { route: 'unknown' };
}

function decodeSegment(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
