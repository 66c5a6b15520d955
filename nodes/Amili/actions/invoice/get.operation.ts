import { getRecordOperation } from '../getRecordOperation';
import { INVOICE } from '../pickedRecords';

/** Invoice → Get: `GET /orgs/{organizationId}/invoices/{invoiceId}` (documented, docs/amili-api.md, "Get an invoice"). */

export const { description, executeItem } = getRecordOperation(INVOICE);
