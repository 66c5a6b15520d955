import type { QueryMap } from '../../helpers/query';
import { getManyOperation } from '../getManyOperation';

/**
 * Settlement → Get Many: `GET /orgs/{organizationId}/settlements` (documented, docs/amili-api.md, "List settlements"). This
 * page spells its parameters in lower case (fromDate, toDate, pageToken, pageSize). The date format
 * is not documented: a settlement has a date (the webhook shows 2025-08-15), so YYYY-MM-DD is sent.
 */

export const QUERY: QueryMap = {
	fromDate: { param: 'fromDate', format: 'date' },
	toDate: { param: 'toDate', format: 'date' },
};

export const { description, executeItem } = getManyOperation({
	resource: 'settlement',
	path: '/settlements',
	query: QUERY,
	pagingCase: 'camel',
	filters: [
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
});
