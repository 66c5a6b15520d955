import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { filtersToQuery, type QueryMap } from '../helpers/query';
import { checkedOrganizationId } from '../helpers/organizationId';
import { batchReference, recordId } from '../records/references';
import { amiliApiRequestList, type ListRequest } from '../transport/paging';

/** Reading the parameters the Amili node's per-item operations share, with errors that say what to fix. */

export function organizationIdOf(context: IExecuteFunctions, itemIndex: number): string {
	return checkedOrganizationId(
		context.getNode(),
		context.getNodeParameter('organizationId', itemIndex, ''),
		{ itemIndex },
	);
}

/** The batch ID from the Batch locator; a batch URL naming another organization is refused. */
export function batchIdOf(
	context: IExecuteFunctions,
	itemIndex: number,
	organizationId: string,
): string {
	const value = context.getNodeParameter('batchId', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	const reference = batchReference(value);
	if ('problem' in reference) {
		throw new NodeOperationError(context.getNode(), reference.problem, {
			itemIndex,
			description:
				'Give the batchId or batchUrl a Create operation output, e.g. {{ $json.batchUrl }}.',
		});
	}
	if (
		reference.organizationId !== undefined &&
		reference.organizationId.toLowerCase() !== organizationId.toLowerCase()
	) {
		throw new NodeOperationError(
			context.getNode(),
			`The batch URL belongs to organization ${reference.organizationId}, not to ${organizationId}`,
			{ itemIndex, description: 'Set Organization ID to the organization the batch belongs to.' },
		);
	}
	return reference.id;
}

/** A record ID: version 1's text field, or version 2's locator (From List or By ID), by one name. */
export function recordIdOf(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	subject: string,
): string {
	const value = context.getNodeParameter(parameter, itemIndex, '', { extractValue: true });
	const reference = recordId(value, subject);
	if ('problem' in reference) {
		throw new NodeOperationError(context.getNode(), reference.problem, {
			itemIndex,
			description: `Give Amili's ${subject} ID, e.g. 4f163819-178d-470c-a246-d6768476a6ec.`,
		});
	}
	return reference.id;
}

/** A list with Return All / Limit: never more pages than the limit needs. */
export async function listRecords(
	context: IExecuteFunctions,
	itemIndex: number,
	list: Omit<ListRequest, 'limit'>,
): Promise<IDataObject[]> {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? undefined
		: (context.getNodeParameter('limit', itemIndex, 50) as number);
	return await amiliApiRequestList.call(context, { ...list, limit });
}

/** Filters → query, with a bad date reported against the item. */
export function queryOf(
	context: IExecuteFunctions,
	itemIndex: number,
	build: () => IDataObject,
): IDataObject {
	try {
		return build();
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

/** Get Many: the organization's list at `/orgs/{organizationId}{path}`, with its Filters as query. */
export async function listOfOrganization(
	context: IExecuteFunctions,
	itemIndex: number,
	path: string,
	query: QueryMap,
	{
		extraFilters,
		pagingCase,
	}: { extraFilters?: IDataObject; pagingCase?: ListRequest['pagingCase'] } = {},
): Promise<IDataObject[]> {
	const organizationId = organizationIdOf(context, itemIndex);
	const filters = {
		...(context.getNodeParameter('filters', itemIndex, {}) as IDataObject),
		...extraFilters,
	};
	return await listRecords(context, itemIndex, {
		path: `/orgs/${organizationId}${path}`,
		qs: queryOf(context, itemIndex, () => filtersToQuery(filters, query)),
		pagingCase,
	});
}
