import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ORGANIZATION_ID_FIX, organizationId } from '../records/references';

/**
 * The Organization ID parameter's value, checked by the one rule every node shares
 * (records/references.ts), or the node error that says how to fix it. `item` names the item in the
 * message, where a run reports items one by one; `purpose` says what the ID was wanted for.
 */
export function checkedOrganizationId(
	node: INode,
	value: unknown,
	{ itemIndex, item, purpose }: { itemIndex?: number; item?: boolean; purpose?: string } = {},
): string {
	const reference = organizationId(value);
	if ('id' in reference) return reference.id;
	const message = item ? `Item ${itemIndex}: ${reference.problem}` : reference.problem;
	throw new NodeOperationError(node, purpose ? `${message}: set it to ${purpose}` : message, {
		...(itemIndex !== undefined && { itemIndex }),
		description: ORGANIZATION_ID_FIX,
	});
}
