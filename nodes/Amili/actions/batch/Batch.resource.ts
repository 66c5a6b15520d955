import { type Operation, resourceDescription } from '../operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as waitForCompletion from './waitForCompletion.operation';

/**
 * The resource's operations by the value of its Operation field: its one list, which the router
 * (actions/router.ts) and the fields shown per operation are built from.
 */
export const operations = {
	get,
	getMany,
	waitForCompletion,
} satisfies Record<string, Operation>;

export const description = resourceDescription(
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['batch'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a batch with the result of each record',
				action: 'Get a batch',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the batches of the organization',
				action: 'Get many batches',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description: 'Wait until Amili has processed a batch, then output it',
				action: 'Wait for a batch to complete',
			},
		],
		default: 'get',
	},
	operations,
);
