import type { RouteName } from './faults';

export interface RouteMatch {
	route: RouteName;
	orgId?: string;
	batchId?: string;
	invoiceId?: string;
	settlementId?: string;
}

/** The Collection API's path prefix (docs/amili-api.md, "Environments"). */
export const API_PREFIX = '/collection/v1';

const INVOICE_ACTIONS: Record<string, RouteName> = {
	resume: 'resumeInvoice', // documented (docs/amili-api.md, "Invoice actions")
	pause: 'pauseInvoice', // not documented: by analogy with resume (our assumption)
	withdraw: 'withdrawInvoice', // not documented: by analogy with resume (our assumption)
};

/** One route per documented endpoint we simulate; everything else (a wrong method included) is 'unknown' (404). */
export function matchRoute(method: string, path: string): RouteMatch {
	if (path === '/token') return method === 'POST' ? { route: 'token' } : { route: 'unknown' };
	if (!path.startsWith(`${API_PREFIX}/`)) return { route: 'unknown' };
	const segments = path
		.slice(API_PREFIX.length + 1)
		.split('/')
		.map(decodeSegment);
	if (segments.length > 5 || segments.some((s) => s === '')) return { route: 'unknown' };
	const [a, b, c, d, e] = segments;
	if (a === 'batches') {
		if (method !== 'GET' || c !== undefined) return { route: 'unknown' };
		return b === undefined ? { route: 'listBatches' } : { route: 'getBatchLegacy', batchId: b };
	}
	if (a !== 'orgs' || c === undefined) return { route: 'unknown' };
	return matchOrgRoute(method, b, c, d, e) ?? { route: 'unknown' };
}

/** Routes under /orgs/{orgId}/{collection}[/{id}[/{action}]]. */
function matchOrgRoute(
	method: string,
	orgId: string,
	collection: string,
	id?: string,
	action?: string,
): RouteMatch | undefined {
	const get = method === 'GET';
	const post = method === 'POST';
	switch (collection) {
		case 'payments':
			return post && id === undefined ? { route: 'createPayments', orgId } : undefined;
		case 'corrections':
			return post && id === undefined ? { route: 'createCorrections', orgId } : undefined;
		case 'cases':
			return get && id === undefined ? { route: 'listCases', orgId } : undefined;
		case 'batches':
			if (!get || action !== undefined) return undefined;
			return id === undefined
				? { route: 'listOrgBatches', orgId }
				: { route: 'getBatch', orgId, batchId: id };
		case 'settlements':
			if (!get || action !== undefined) return undefined;
			return id === undefined
				? { route: 'listSettlements', orgId }
				: { route: 'getSettlement', orgId, settlementId: id };
		case 'invoices':
			if (id === undefined)
				return get
					? { route: 'listInvoices', orgId }
					: post
						? { route: 'createInvoices', orgId }
						: undefined;
			if (action === undefined)
				return get ? { route: 'getInvoice', orgId, invoiceId: id } : undefined;
			if (action === 'payments')
				return get ? { route: 'getInvoicePayments', orgId, invoiceId: id } : undefined;
			return post && Object.hasOwn(INVOICE_ACTIONS, action)
				? { route: INVOICE_ACTIONS[action], orgId, invoiceId: id }
				: undefined;
		default:
			return undefined;
	}
}

function decodeSegment(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
