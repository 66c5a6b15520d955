import type { IDataObject } from 'n8n-workflow';

/**
 * Amili's response envelope, `{ summary, data }` (docs/amili-api.md, "Response envelope"), read in
 * one place: a record, or a page of a cursor-paged list.
 */

/** The record in the envelope, or the body itself when it has none. */
export function recordOf(body: unknown): IDataObject {
	if (typeof body !== 'object' || body === null) return {};
	const data = (body as IDataObject).data;
	return typeof data === 'object' && data !== null && !Array.isArray(data)
		? (data as IDataObject)
		: (body as IDataObject);
}

/**
 * A page's records and the token of the next page. The end of a list is not documented: an absent
 * or empty `summary.nextPageToken` is read as the end.
 */
export function pageOf(body: unknown): { records: IDataObject[]; nextPageToken?: string } {
	const page = (body ?? {}) as { data?: unknown; summary?: { nextPageToken?: unknown } };
	const records = Array.isArray(page.data) ? (page.data as IDataObject[]) : [];
	const next = page.summary?.nextPageToken;
	return typeof next === 'string' && next !== '' ? { records, nextPageToken: next } : { records };
}
