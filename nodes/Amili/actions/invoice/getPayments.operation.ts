import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordIdProperties, returnAllFields } from '../../descriptions/sharedFields';
import { listRecords, organizationIdOf, recordIdOf } from '../shared';

/**
 * Invoice → Get Payments: `GET /orgs/{organizationId}/invoices/{invoiceId}/payments` (documented,
 * docs/amili-api.md, "Invoice payments"). Whether it pages is not documented: it is read like every other Amili list, which
 * ends as soon as an answer carries no nextPageToken.
 */

const properties: INodeProperties[] = [
	...recordIdProperties('invoiceId', 'Invoice', 'searchInvoices'),
	...returnAllFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['invoice'], operation: ['getPayments'] } },
	properties,
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const organizationId = organizationIdOf(this, itemIndex);
	const invoiceId = recordIdOf(this, itemIndex, 'invoiceId', 'invoice');
	return await listRecords(this, itemIndex, {
		path: `/orgs/${organizationId}/invoices/${invoiceId}/payments`,
	});
}
