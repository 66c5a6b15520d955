import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordIdProperties } from '../../descriptions/sharedFields';
import { getRecord } from '../shared';

/** Invoice → Get: `GET /orgs/{organizationId}/invoices/{invoiceId}` (documented, docs/amili-api.md, "Get an invoice"). */

const properties: INodeProperties[] = recordIdProperties('invoiceId', 'Invoice', 'searchInvoices');

export const description = updateDisplayOptions(
	{ show: { resource: ['invoice'], operation: ['get'] } },
	properties,
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	return await getRecord(this, itemIndex, {
		parameter: 'invoiceId',
		subject: 'invoice',
		plural: 'invoices',
	});
}
