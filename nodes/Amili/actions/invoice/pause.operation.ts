import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { actionDescription, runAction } from './invoiceAction';

/** Invoice → Pause: Amili lists "Pause invoice" but shows no path; `…/pause` is inferred from Resume. */

export const description = actionDescription(
	'pause',
	'Amili does not document this path: the node calls POST …/invoices/{invoiceId}/pause by analogy with Resume. Test it with your Amili contact before relying on it.',
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	return await runAction.call(this, itemIndex, 'pause');
}
