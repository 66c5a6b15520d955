import { getRecordOperation } from '../getRecordOperation';

/** Invoice → Get: `GET /orgs/{organizationId}/invoices/{invoiceId}` (documented, docs/amili-api.md, "Get an invoice"). */

export const { description, executeItem } = getRecordOperation({
	resource: 'invoice',
	subject: 'Invoice',
	parameter: 'invoiceId',
	searchListMethod: 'searchInvoices',
	plural: 'invoices',
});
