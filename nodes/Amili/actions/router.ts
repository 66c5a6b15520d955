import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as batch from './batch/Batch.resource';
import * as collectionCase from './case/Case.resource';
import * as correction from './correction/Correction.resource';
import * as invoice from './invoice/Invoice.resource';
import * as payment from './payment/Payment.resource';
import * as settlement from './settlement/Settlement.resource';
import { asNodeError, errorItem } from '../helpers/errorItem';

/**
 * Hands the run to the chosen operation. Two kinds: Create operations take all items at once (they
 * batch them into requests and pair every output to its items themselves); the others run once per
 * item, and here each result is paired to its item and a failure becomes that item's error item
 * under Continue On Fail.
 */

interface AllItemsOperation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

interface PerItemOperation {
	executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

type Operation = AllItemsOperation | PerItemOperation;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	batch: { get: batch.get, getMany: batch.getMany, waitForCompletion: batch.waitForCompletion },
	case: { getMany: collectionCase.getMany },
	correction: { create: correction.create, forgetSent: correction.forgetSent },
	invoice: {
		create: invoice.create,
		forgetSent: invoice.forgetSent,
		get: invoice.get,
		getMany: invoice.getMany,
		getPayments: invoice.getPayments,
		pause: invoice.pause,
		resume: invoice.resume,
		withdraw: invoice.withdraw,
	},
	payment: { create: payment.create, forgetSent: payment.forgetSent },
	settlement: { get: settlement.get, getMany: settlement.getMany },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS[resource]?.[operationName];
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
