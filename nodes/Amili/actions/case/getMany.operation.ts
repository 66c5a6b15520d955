import { dateTimeFilter, textFilter } from '../../descriptions/sharedFields';
import type { QueryMap } from '../../helpers/query';
import { getManyOperation } from '../getManyOperation';

/**
 * Case → Get Many: `GET /orgs/{organizationId}/cases` (documented in the newest docs revision,
 * docs/amili-api.md, "List cases"). Value lists are not documented (the webhooks show COLLECTION_NOTICE, OPEN, PAUSED).
 */

export const QUERY: QueryMap = {
	status: { param: 'Status' },
	type: { param: 'Type' },
	caseNumber: { param: 'CaseNumber' },
	customerNumber: { param: 'CustomerNumber' },
	uniqueSourceInvoiceId: { param: 'UniqueSourceInvoiceId' },
	searchTerm: { param: 'SearchTerm' },
	fromCreatedAt: { param: 'FromCreatedAt', format: 'dateTime' },
	toCreatedAt: { param: 'ToCreatedAt', format: 'dateTime' },
};

export const { description, executeItem } = getManyOperation({
	resource: 'case',
	path: '/cases',
	query: QUERY,
	filters: [
		textFilter('Case Number', 'caseNumber'),
		textFilter('Customer Number', 'customerNumber'),
		dateTimeFilter('From Created At', 'fromCreatedAt', 'Only cases created at or after this time'),
		textFilter('Search Term', 'searchTerm'),
		textFilter('Status', 'status', 'e.g. OPEN'),
		dateTimeFilter('To Created At', 'toCreatedAt', 'Only cases created at or before this time'),
		textFilter('Type', 'type', 'e.g. COLLECTION_NOTICE'),
		textFilter('Unique Source Invoice ID', 'uniqueSourceInvoiceId'),
	],
});
