import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, returnAllFields } from '../../descriptions/sharedFields';
import type { QueryMap } from '../../helpers/query';
import { listOfOrganization } from '../shared';

/**
 * Settlement → Get Many: `GET /orgs/{organizationId}/settlements` (documented, docs/amili-api.md, "List settlements"). This
 * page spells its parameters in lower case (fromDate, toDate, pageToken, pageSize). The date format
 * is not documented: a settlement has a date (the webhook shows 2025-08-15), so YYYY-MM-DD is sent.
 */

export const QUERY: QueryMap = {
	fromDate: { param: 'fromDate', format: 'date' },
	toDate: { param: 'toDate', format: 'date' },
};

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
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
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['settlement'], operation: ['getMany'] } },
	properties,
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	return await listOfOrganization(this, itemIndex, '/settlements', QUERY, { pagingCase: 'camel' });
}
