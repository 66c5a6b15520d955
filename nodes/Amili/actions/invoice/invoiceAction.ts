import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { amiliApiRequest } from '../../transport';
import { INVOICE, pickedRecordPath, pickedRecordProperties } from '../pickedRecords';

/**
 * Resume, Pause and Withdraw: `POST /orgs/{organizationId}/invoices/{invoiceId}/{action}`, no body,
 * 202 with no body. Only resume is documented (docs/amili-api.md, "Invoice actions"); pause and withdraw are inferred from
 * it, and their operations say so in the UI.
 */

export type InvoiceAction = 'resume' | 'pause' | 'withdraw';

export function actionDescription(action: InvoiceAction, notice?: string): INodeProperties[] {
	const properties: INodeProperties[] = [
		...(notice
			? [{ displayName: notice, name: `${action}Notice`, type: 'notice' as const, default: '' }]
			: []),
		...pickedRecordProperties(INVOICE),
	];
	return updateDisplayOptions({ show: { resource: ['invoice'], operation: [action] } }, properties);
}

export async function runAction(
	this: IExecuteFunctions,
	itemIndex: number,
	action: InvoiceAction,
): Promise<IDataObject> {
	const { path, id: invoiceId } = pickedRecordPath(this, itemIndex, INVOICE);
	const { statusCode } = await amiliApiRequest.call(this, {
		method: 'POST',
		path: `${path}/${action}`,
		// Asking twice leaves the invoice as asking once, so a lost answer may be asked again.
		repeatable: true,
	});
	return { invoiceId, action, accepted: true, statusCode };
}
