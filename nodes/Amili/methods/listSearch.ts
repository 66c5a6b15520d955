import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { organizationId as readOrganizationId } from '../records/references';
import { amiliApiRequest } from '../transport';

const PAGE_SIZE = 50;

/** The Batch locator's list: the organization's batches, newest first, one Amili page per scroll. */
export async function searchBatches(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// The same Organization ID rule as every operation; the message asks for it before listing.
	const reference = readOrganizationId(this.getNodeParameter('organizationId', ''));
	if (!('id' in reference)) {
		throw new NodeOperationError(
			this.getNode(),
			'Set Organization ID (a UUID) to list its batches',
		);
	}
	const organizationId = reference.id;
	const { body } = await amiliApiRequest.call(this, {
		method: 'GET',
		path: `/orgs/${organizationId}/batches`,
		qs: {
			PageSize: PAGE_SIZE,
			SortDirection: 'DESC',
			...(paginationToken && { PageToken: paginationToken }),
		},
		repeatable: true,
	});
	const page = (body ?? {}) as { data?: unknown; summary?: { nextPageToken?: unknown } };
	const batches = Array.isArray(page.data) ? (page.data as Array<Record<string, unknown>>) : [];
	const wanted = filter?.trim().toLowerCase();
	const results = batches
		.filter((batch) => typeof batch.batchId === 'string')
		.map((batch) => {
			const status = typeof batch.status === 'string' ? batch.status : 'UNKNOWN';
			const created = typeof batch.createdAt === 'string' ? ` · ${batch.createdAt}` : '';
			return {
				name: `${String(batch.type ?? 'BATCH')} ${status}${created} · ${String(batch.batchId)}`,
				value: String(batch.batchId),
			};
		})
		.filter((result) => !wanted || result.name.toLowerCase().includes(wanted));
	const next = page.summary?.nextPageToken;
	return { results, paginationToken: typeof next === 'string' && next !== '' ? next : undefined };
}
