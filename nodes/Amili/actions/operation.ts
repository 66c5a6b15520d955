import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * What an operation module offers the router (actions/router.ts). Two kinds: an operation that
 * takes all items at once (the Create operations batch them into requests and pair every output
 * to its items themselves), or one that runs once per item, paired and guarded by the router.
 */
export interface AllItemsOperation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export interface PerItemOperation {
	executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export type Operation = AllItemsOperation | PerItemOperation;
