import { listUnderRecordOperation } from '../listUnderRecordOperation';
import { INVOICE } from '../pickedRecords';

/**
 * Invoice → Get Payments: `GET /orgs/{organizationId}/invoices/{invoiceId}/payments` (documented,
 * docs/amili-api.md, "Invoice payments"; whether it pages is not).
 */

export const { description, executeItem } = listUnderRecordOperation(INVOICE, {
	operation: 'getPayments',
	list: 'payments',
});
