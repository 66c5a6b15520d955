import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/**
 * What an operation module offers its resource and the router (actions/router.ts): its fields,
 * shown for that operation only, and one of two kinds of behaviour. An operation takes all items at
 * once (the Create operations batch them into requests and pair every output to its items
 * themselves), or it runs once per item, paired and guarded by the router.
 */
interface OperationFields {
	description: INodeProperties[];
}

export interface AllItemsOperation extends OperationFields {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export interface PerItemOperation extends OperationFields {
	executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export type Operation = AllItemsOperation | PerItemOperation;

/**
 * A resource's description from its one list of operations: the Operation field, then each
 * operation's fields in the list's order. The field's options stay a literal in the resource file,
 * where n8n's lint rules read them; test/unit/resources.test.ts holds them against the list.
 */
export function resourceDescription(
	operationField: INodeProperties,
	operations: Record<string, Operation>,
): INodeProperties[] {
	return [
		operationField,
		...Object.values(operations).flatMap((operation) => operation.description),
	];
}
