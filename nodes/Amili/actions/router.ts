import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resources } from './resources';
import { asNodeError, errorItem } from '../helpers/errorItem';

/**
 * Hands the run to the chosen operation (actions/resources.ts). An all-items operation answers for
 * its items itself; a per-item one runs once per item, and here each result is paired to its item
 * and a failure becomes that item's error item under Continue On Fail.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of "${resource}" is not known`,
		);
	}
	if ('execute' in operation) return [await operation.execute.call(this)];

	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation.executeItem.call(this, itemIndex);
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			error.context.itemIndex = itemIndex;
			if (!this.continueOnFail()) throw error;
			output.push(errorItem(itemIndex, error, { item: itemIndex }));
		}
	}
	return [output];
}
