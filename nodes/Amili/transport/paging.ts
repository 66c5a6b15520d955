import type { IDataObject } from 'n8n-workflow';

import { pageOf } from './envelope';
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

/** One page of a list: `pageSize` records from `pageToken` (the first page without one). */
export async function amiliApiRequestPage(
	this: AmiliContext,
	list: Pick<ListRequest, 'path' | 'qs' | 'pagingCase'>,
	pageSize: number,
	pageToken?: string,
): Promise<{ records: IDataObject[]; nextPageToken?: string }> {
	const [tokenParam, sizeParam] =
		list.pagingCase === 'camel' ? ['pageToken', 'pageSize'] : ['PageToken', 'PageSize'];
	const { body } = await amiliApiRequest.call(this, {
		method: 'GET',
		path: list.path,
		qs: { ...list.qs, [sizeParam]: pageSize, ...(pageToken && { [tokenParam]: pageToken }) },
		repeatable: true,
	});
	return pageOf(body);
}

/**
 * Walks a cursor-paged list, passing each page's token back until the end (transport/envelope.ts),
 * and never asks for more pages than `limit` needs.
 */
export async function amiliApiRequestList(
	this: AmiliContext,
	list: ListRequest,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const seenTokens = new Set<string>();
	let pageToken: string | undefined;
	for (;;) {
		const wanted =
			list.limit === undefined
				? (list.pageSize ?? 100)
				: Math.min(list.limit - records.length, list.pageSize ?? 100);
		const page = await amiliApiRequestPage.call(this, list, wanted, pageToken);
		for (const record of page.records) {
			records.push(record);
			if (list.limit !== undefined && records.length >= list.limit) return records;
		}
		const next = page.nextPageToken;
		// A repeated token would loop for ever: treat it as the end.
		if (next === undefined || page.records.length === 0 || seenTokens.has(next)) return records;
		seenTokens.add(next);
		pageToken = next;
	}
}
