import { dateTimeFilter, textFilter } from '../../descriptions/sharedFields';
import type { QueryMap } from '../../helpers/query';
import { getManyOperation } from '../getManyOperation';

/**
 * Invoice → Get Many: `GET /orgs/{organizationId}/invoices` (documented, docs/amili-api.md, "List invoices"). The value
 * lists and formats of the filters are not documented (OPEN and PAYMENT_REMINDER are seen); From and
 * To are sent as ISO 8601 date-times in UTC.
 */

export const QUERY: QueryMap = {
	status: { param: 'Status' },
	type: { param: 'Type' },
	invoiceNumber: { param: 'InvoiceNumber' },
	uniqueSourceInvoiceId: { param: 'UniqueSourceInvoiceId' },
	customerNumber: { param: 'CustomerNumber' },
	from: { param: 'From', format: 'dateTime' },
	to: { param: 'To', format: 'dateTime' },
};

export const { description, executeItem } = getManyOperation({
	resource: 'invoice',
	path: '/invoices',
	query: QUERY,
	filters: [
		textFilter('Customer Number', 'customerNumber'),
		dateTimeFilter('From', 'from', 'Only invoices from this time on'),
		textFilter('Invoice Number', 'invoiceNumber'),
		textFilter('Status', 'status', 'e.g. OPEN'),
		dateTimeFilter('To', 'to', 'Only invoices up to this time'),
		textFilter('Type', 'type', 'e.g. PAYMENT_REMINDER'),
		textFilter('Unique Source Invoice ID', 'uniqueSourceInvoiceId'),
	],
});
