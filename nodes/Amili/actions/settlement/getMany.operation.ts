import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllFields } from '../../descriptions/fields';
import { filtersToQuery, type QueryMap } from '../../helpers/query';
import { listRecords, organizationIdOf, queryOf } from '../shared';

/**
 * Settlement → Get Many: `GET /orgs/{organizationId}/settlements` (documented, CONTRACT §6.9). This
 * page spells its parameters in lower case (fromDate, toDate, pageToken, pageSize). The date format
 * is not documented: a settlement has a date (the webhook shows 2025-08-15), so YYYY-MM-DD is sent.
 */

export const QUERY: QueryMap = {
	fromDate: { param: 'fromDate', format: 'date' },
	toDate: { param: 'toDate', format: 'date' },
};

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'From Date',
				name: 'fromDate',
				type: 'dateTime',
				default: '',
				description: 'Only settlements on or after this date',
			},
			{
				displayName: 'To Date',
				name: 'toDate',
				type: 'dateTime',
				default: '',
				description: 'Only settlements on or before this date',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['settlement'], operation: ['getMany'] } }, properties);

export async function executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const organizationId = organizationIdOf(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return await listRecords(this, itemIndex, {
		path: `/orgs/${organizationId}/settlements`,
		qs: queryOf(this, itemIndex, () => filtersToQuery(filters, QUERY)),
		pagingCase: 'camel',
	});
}
