import { type Operation, resourceDescription } from '../operation';
import * as getMany from './getMany.operation';

/**
 * The resource's operations by the value of its Operation field: its one list, which the router
 * (actions/router.ts) and the fields shown per operation are built from.
 */
export const operations = {
	getMany,
} satisfies Record<string, Operation>;

export const description = resourceDescription(
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['case'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the collection cases of the organization',
				action: 'Get many cases',
			},
		],
		default: 'getMany',
	},
	operations,
);
