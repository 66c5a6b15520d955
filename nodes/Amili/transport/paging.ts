import type { IDataObject } from 'n8n-workflow';

import { amiliApiRequest, type AmiliContext } from './index';

export interface ListRequest {
	path: string;
	qs?: IDataObject;
	/** Amili spells the cursor parameters `PageToken`/`PageSize` on most lists, lower-case on settlements. */
	pagingCase?: 'pascal' | 'camel';
	/** Stop after this many records; undefined = every page. */
	limit?: number;
	/** Records asked for per page when there is no limit (Amili documents no default or maximum). */
	pageSize?: number;
}

/**
 * Walks a cursor-paged list: passes `summary.nextPageToken` back as the page token until it is
 * absent or empty (the end-of-list signal is not documented; these are the readings we accept),
 * and never asks for more pages than `limit` needs.
 */
export async function amiliApiRequestList(
	this: AmiliContext,
	list: ListRequest,
): Promise<IDataObject[]> {
	const [tokenParam, sizeParam] =
		list.pagingCase === 'camel' ? ['pageToken', 'pageSize'] : ['PageToken', 'PageSize'];
	const records: IDataObject[] = [];
	const seenTokens = new Set<string>();
	let pageToken: string | undefined;
	for (;;) {
		const wanted =
			list.limit === undefined
				? (list.pageSize ?? 100)
				: Math.min(list.limit - records.length, list.pageSize ?? 100);
		const { body } = await amiliApiRequest.call(this, {
			method: 'GET',
			path: list.path,
			qs: { ...list.qs, [sizeParam]: wanted, ...(pageToken && { [tokenParam]: pageToken }) },
			repeatable: true,
		});
		const page = (body ?? {}) as { data?: unknown; summary?: { nextPageToken?: unknown } };
		const data = Array.isArray(page.data) ? (page.data as IDataObject[]) : [];
		for (const record of data) {
			records.push(record);
			if (list.limit !== undefined && records.length >= list.limit) return records;
		}
		const next = page.summary?.nextPageToken;
		// A repeated token would loop for ever: treat it as the end.
		if (typeof next !== 'string' || next === '' || data.length === 0 || seenTokens.has(next))
			return records;
		seenTokens.add(next);
		pageToken = next;
	}
}
