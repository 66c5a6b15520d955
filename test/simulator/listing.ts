import { BATCH_STATUSES, type BatchView } from './batches';
import { type SimResponse, error, json, queryParam } from './http';

/** Not documented by Amili: default page size 50 and maximum 1000 are our assumptions. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * GET /batches and GET /orgs/{orgId}/batches: cursor paging (CONTRACT §3.2). The token is opaque to
 * clients; here it encodes the offset. The last page has no `nextPageToken` (the end-of-list signal
 * is not documented: absent is our assumption). Filters: State, Type; SortDirection ASC (default,
 * our assumption) or DESC, by creation time.
 */
export function listBatches(batches: BatchView[], query: URLSearchParams): SimResponse {
	const sizeParam = queryParam(query, 'PageSize');
	const pageSize = sizeParam === undefined ? DEFAULT_PAGE_SIZE : Number(sizeParam);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		return error(400, `PageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
	}
	const tokenParam = queryParam(query, 'PageToken');
	const offset = tokenParam === undefined || tokenParam === '' ? 0 : decodePageToken(tokenParam);
	if (offset === undefined) return error(400, 'PageToken is not a token this server issued');

	const state = queryParam(query, 'State');
	if (state !== undefined && !(BATCH_STATUSES as readonly string[]).includes(state)) {
		return error(400, `State must be one of ${BATCH_STATUSES.join(', ')}`);
	}
	const type = queryParam(query, 'Type');
	const direction = (queryParam(query, 'SortDirection') ?? 'ASC').toUpperCase();
	if (direction !== 'ASC' && direction !== 'DESC') return error(400, 'SortDirection must be ASC or DESC');

	let selected = batches.filter((b) => (state === undefined || b.status === state) && (type === undefined || b.type === type));
	if (direction === 'DESC') selected = selected.reverse();
	const page = selected.slice(offset, offset + pageSize);
	const next = offset + pageSize < selected.length ? encodePageToken(offset + pageSize) : undefined;
	return json(200, { summary: { status: 'SUCCESS', ...(next ? { nextPageToken: next } : {}) }, data: page });
}

function encodePageToken(offset: number): string {
	return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number | undefined {
	const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	return m ? Number(m[1]) : undefined;
}
