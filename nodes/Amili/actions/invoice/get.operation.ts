import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordIdProperties } from '../../descriptions/sharedFields';
import { recordOf } from '../../transport/envelope';
import { amiliApiRequest } from '../../transport';
import { organizationIdOf, recordIdOf } from '../shared';

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
	const organizationId = organizationIdOf(this, itemIndex);
	const invoiceId = recordIdOf(this, itemIndex, 'invoiceId', 'invoice');
	const { body } = await amiliApiRequest.call(this, {
		method: 'GET',
		path: `/orgs/${organizationId}/invoices/${invoiceId}`,
		repeatable: true,
	});
	return recordOf(body);
}
