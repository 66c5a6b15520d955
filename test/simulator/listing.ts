import { BATCH_STATUSES, type BatchView } from './batches';
import { rangeBound } from './dates';
import { type SimResponse, error, json, queryParam } from './http';

/** Not documented by Amili: default page size 50 and maximum 1000 are our assumptions. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * Cursor paging shared by every list route (docs/amili-api.md, "Paging"). The token is opaque to
 * clients; here it encodes the offset. Parameter names are matched in any casing (the docs show
 * `PageToken` on most pages and `pageToken` on settlements). The last page has no `nextPageToken`
 * (the end-of-list signal is not documented: absent is our assumption). Answers
 * `{ summary: { status, nextPageToken? }, data }`.
 */
export function listPage<T>(items: readonly T[], query: URLSearchParams): SimResponse {
	const sizeParam = queryParam(query, 'PageSize');
	const pageSize = sizeParam === undefined ? DEFAULT_PAGE_SIZE : Number(sizeParam);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		return error(400, `PageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
	}
	const tokenParam = queryParam(query, 'PageToken');
	const offset = tokenParam === undefined || tokenParam === '' ? 0 : decodePageToken(tokenParam);
	if (offset === undefined) return error(400, 'PageToken is not a token this server issued');
	const page = items.slice(offset, offset + pageSize);
	const next = offset + pageSize < items.length ? encodePageToken(offset + pageSize) : undefined;
	return json(200, {
		summary: { status: 'SUCCESS', ...(next ? { nextPageToken: next } : {}) },
		data: page,
	});
}

/** A `[from, to]` filter on a timestamp from two query parameters (see rangeBound), or a 400. */
export function dateRange(
	query: URLSearchParams,
	fromName: string,
	toName: string,
): ((iso: string) => boolean) | SimResponse {
	const bounds: number[] = [];
	for (const [name, end, fallback] of [
		[fromName, 'from', -Infinity],
		[toName, 'to', Infinity],
	] as const) {
		const value = queryParam(query, name);
		const bound = value === undefined || value === '' ? fallback : rangeBound(value, end);
		if (bound === undefined)
			return error(400, `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time`);
		bounds.push(bound);
	}
	const [from, to] = bounds;
	return (iso) => {
		const at = Date.parse(iso);
		return at >= from && at <= to;
	};
}

/** An exact-match filter on an optional query parameter; an absent parameter matches everything. */
export function equalsParam(
	query: URLSearchParams,
	name: string,
): (value: string | null | undefined) => boolean {
	const wanted = queryParam(query, name);
	return (value) => wanted === undefined || wanted === '' || value === wanted;
}

/**
 * GET /batches and GET /orgs/{orgId}/batches. Filters: State, Type, IdempotencyKey (the key a creating
 * POST carried, see api.ts); SortDirection ASC (default, our assumption) or DESC, by creation time.
 */
export function listBatches(batches: BatchView[], query: URLSearchParams): SimResponse {
	const state = queryParam(query, 'State');
	if (state !== undefined && !(BATCH_STATUSES as readonly string[]).includes(state)) {
		return error(400, `State must be one of ${BATCH_STATUSES.join(', ')}`);
	}
	const direction = (queryParam(query, 'SortDirection') ?? 'ASC').toUpperCase();
	if (direction !== 'ASC' && direction !== 'DESC')
		return error(400, 'SortDirection must be ASC or DESC');
	const [type, key] = [equalsParam(query, 'Type'), equalsParam(query, 'IdempotencyKey')];
	const selected = batches.filter(
		(b) => (state === undefined || b.status === state) && type(b.type) && key(b.idempotencyKey),
	);
	return listPage(direction === 'DESC' ? selected.reverse() : selected, query);
}

function encodePageToken(offset: number): string {
	return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number | undefined {
	const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	return m ? Number(m[1]) : undefined;
}
