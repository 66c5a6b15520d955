/**
 * The simulator's routes, in one table. Adding a Collection API route is one `route(...)` line in
 * ROUTES plus its handler function; the rest follows from the table: `RouteName` (recordings and
 * faults), the route names a fault may target, matching, and the README's routes table (which
 * routes.test.ts holds against this one).
 */
import type { ApiContext, ApiRequest } from './api-common';
import { getBatch, listBatches, listOrgBatches } from './api-batches';
import { listCases } from './api-cases';
import { createCorrections } from './api-corrections';
import {
	createInvoices,
	getInvoice,
	getInvoicePayments,
	listInvoices,
	pauseInvoice,
	resumeInvoice,
	withdrawInvoice,
} from './api-invoices';
import { createPayments } from './api-payments';
import { getSettlement, listSettlements } from './api-settlements';
import type { SimResponse } from './http';
import { answerToken } from './token-endpoint';

/** The Collection API's path prefix (docs/amili-api.md, "Environments"). */
export const API_PREFIX = '/collection/v1';

/** The ids a path may hold, as `{name}` segments; handleApi checks each is a UUID, in this order. */
export const PATH_PARAMS = ['orgId', 'batchId', 'invoiceId', 'settlementId'] as const;
export type PathParams = Partial<Record<(typeof PATH_PARAMS)[number], string>>;

/** The params a path template names: `{ orgId: string; invoiceId: string }` for
 * '/orgs/{orgId}/invoices/{invoiceId}', so a handler is typed by the row it serves. */
type ParamsOf<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
	? { [K in N]: string } & ParamsOf<Rest>
	: unknown;

type Method = 'GET' | 'POST';

/** One row of the table, as the matcher and handleApi see it. */
export interface Route {
	/** The RouteName: recorded with each request, targeted by faults, listed in the README. */
	readonly name: Exclude<RouteName, 'unknown'>;
	readonly method: Method;
	/** Below API_PREFIX; a `{param}` segment matches one non-empty segment, decoded. */
	readonly path: string;
	/** Outside API_PREFIX and the gateway (the token endpoint): the path is matched exactly as sent,
	 * no bearer token is asked for, and no organization or id checks run. */
	readonly outsideApi: boolean;
	/** Called once the gateway checks pass, with the path's params. (Method syntax: each row's
	 * handler takes exactly its own path's params.) */
	handler(ctx: ApiContext, r: ApiRequest, params: PathParams): SimResponse;
}

function route<const N extends string, const P extends string>(
	name: N,
	method: Method,
	path: P,
	handler: (ctx: ApiContext, r: ApiRequest, params: ParamsOf<P>) => SimResponse,
	{ outsideApi = false } = {},
) {
	return { name, method, path, handler, outsideApi };
}

export const ROUTES = [
	route('token', 'POST', '/token', answerToken, { outsideApi: true }),
	route('createPayments', 'POST', '/orgs/{orgId}/payments', createPayments),
	route('getBatch', 'GET', '/orgs/{orgId}/batches/{batchId}', getBatch),
	route('getBatchLegacy', 'GET', '/batches/{batchId}', getBatch),
	route('listBatches', 'GET', '/batches', listBatches),
	route('listOrgBatches', 'GET', '/orgs/{orgId}/batches', listOrgBatches),
	route('createInvoices', 'POST', '/orgs/{orgId}/invoices', createInvoices),
	route('listInvoices', 'GET', '/orgs/{orgId}/invoices', listInvoices),
	route('getInvoice', 'GET', '/orgs/{orgId}/invoices/{invoiceId}', getInvoice),
	route(
		'getInvoicePayments',
		'GET',
		'/orgs/{orgId}/invoices/{invoiceId}/payments',
		getInvoicePayments,
	),
	// Documented (docs/amili-api.md, "Invoice actions").
	route('resumeInvoice', 'POST', '/orgs/{orgId}/invoices/{invoiceId}/resume', resumeInvoice),
	// Not documented: by analogy with resume (our assumption).
	route('pauseInvoice', 'POST', '/orgs/{orgId}/invoices/{invoiceId}/pause', pauseInvoice),
	// Not documented: by analogy with resume (our assumption).
	route('withdrawInvoice', 'POST', '/orgs/{orgId}/invoices/{invoiceId}/withdraw', withdrawInvoice),
	route('createCorrections', 'POST', '/orgs/{orgId}/corrections', createCorrections),
	route('listSettlements', 'GET', '/orgs/{orgId}/settlements', listSettlements),
	route('getSettlement', 'GET', '/orgs/{orgId}/settlements/{settlementId}', getSettlement),
	route('listCases', 'GET', '/orgs/{orgId}/cases', listCases),
] as const;

/** Names of the simulated routes, used by faults and recordings; 'unknown' is every other request. */
export type RouteName = (typeof ROUTES)[number]['name'] | 'unknown';

export const ROUTE_NAMES: readonly RouteName[] = [...ROUTES.map((r) => r.name), 'unknown'];

/** ROUTES, each row as the matcher sees it. */
const TABLE: readonly Route[] = ROUTES;

export interface RouteMatch {
	route: RouteName;
	/** The matched row; absent when the route is 'unknown'. */
	entry?: Route;
	params: PathParams;
}

/** The row a request names, with its path's params; a wrong method or any other path is 'unknown'
 * (404). */
export function matchRoute(method: string, path: string): RouteMatch {
	const segments = path.startsWith(`${API_PREFIX}/`)
		? path
				.slice(API_PREFIX.length + 1)
				.split('/')
				.map(decodeSegment)
		: undefined;
	for (const entry of TABLE) {
		if (entry.method !== method) continue;
		if (entry.outsideApi) {
			if (path === entry.path) return { route: entry.name, entry, params: {} };
			continue;
		}
		const params = segments && matchSegments(entry.path, segments);
		if (params) return { route: entry.name, entry, params };
	}
	return { route: 'unknown', params: {} };
}

/** The params when the segments fit the template, segment for segment; else undefined. */
function matchSegments(template: string, segments: string[]): PathParams | undefined {
	const parts = template.slice(1).split('/');
	if (parts.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (const [i, part] of parts.entries()) {
		const param = /^\{(\w+)\}$/.exec(part)?.[1];
		if (param === undefined ? segments[i] !== part : segments[i] === '') return undefined;
		if (param !== undefined) params[param] = segments[i];
	}
	return params;
}

function decodeSegment(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
