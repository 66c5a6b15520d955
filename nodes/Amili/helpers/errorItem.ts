import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What the node throws or reports for an item: n8n's own errors as they are, anything else wrapped. */
export function asNodeError(
	context: IExecuteFunctions,
	caught: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) return caught;
	return new NodeOperationError(
		context.getNode(),
		caught as Error,
		itemIndex === undefined ? {} : { itemIndex },
	);
}

/**
 * The error item of every operation under Continue On Fail. Only `error` and `details`: n8n then
 * routes the item to the error output (Continue using error output) and shows it merged with the
 * input item it came from.
 */
export function errorItem(
	itemIndex: number,
	error: NodeApiError | NodeOperationError,
	details: IDataObject,
): INodeExecutionData {
	return {
		json: {
			error: error.message,
			details: { ...(error.description && { description: error.description }), ...details },
		},
		pairedItem: { item: itemIndex },
	};
}
