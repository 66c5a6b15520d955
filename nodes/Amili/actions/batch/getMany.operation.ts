import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	filtersCollection,
	optionsCollection,
	returnAllFields,
	simplifyBatchField,
	textFilter,
} from '../../descriptions/sharedFields';
import type { QueryMap } from '../../helpers/query';
import { batchOutput } from '../../batches/batchOutput';
import { listOfOrganization } from '../shared';

/**
 * Batch → Get Many: `GET /orgs/{organizationId}/batches` (documented, docs/amili-api.md, "List batches"). The filters'
 * value lists are not documented beyond the states seen (QUEUED, SUCCESS, PARTIAL, FAILED) and the
 * sort values are assumed to be ASC and DESC.
 */

export const QUERY: QueryMap = {
	state: { param: 'State' },
	type: { param: 'Type' },
	idempotencyKey: { param: 'IdempotencyKey' },
	sortDirection: { param: 'SortDirection' },
};

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
		textFilter('Idempotency Key', 'idempotencyKey'),
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			options: [
				{ name: 'Failed', value: 'FAILED' },
				{ name: 'Partial', value: 'PARTIAL' },
				{ name: 'Queued', value: 'QUEUED' },
				{ name: 'Success', value: 'SUCCESS' },
			],
			default: 'QUEUED',
		},
		textFilter('Type', 'type', 'e.g. INVOICE'),
	]),
	optionsCollection([
		{
			displayName: 'Sort Direction',
			name: 'sortDirection',
			type: 'options',
			options: [
				{ name: 'Oldest First', value: 'ASC' },
				{ name: 'Newest First', value: 'DESC' },
			],
			default: 'DESC',
			description: 'Order by creation time',
		},
	]),
	simplifyBatchField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['getMany'] } },
	properties,
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const batches = await listOfOrganization(this, itemIndex, '/batches', QUERY, {
		extraFilters: this.getNodeParameter('options', itemIndex, {}) as IDataObject,
	});
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return batches.map((batch) => batchOutput(batch, simplify));
}
