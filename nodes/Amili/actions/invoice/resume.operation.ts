import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { actionDescription, runAction } from './invoiceAction';

/** Invoice → Resume: `POST /orgs/{orgId}/invoices/{invoiceId}/resume` (documented, docs/amili-api.md, "Invoice actions"). */

export const description = actionDescription('resume');

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	return await runAction.call(this, itemIndex, 'resume');
}
