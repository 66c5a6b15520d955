import { type Operation, resourceDescription } from '../operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

/**
 * The resource's operations by the value of its Operation field: its one list, which the router
 * (actions/router.ts) and the fields shown per operation are built from.
 */
export const operations = {
	get,
	getMany,
} satisfies Record<string, Operation>;

export const description = resourceDescription(
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['settlement'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a settlement', action: 'Get a settlement' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the settlements of the organization',
				action: 'Get many settlements',
			},
		],
		default: 'getMany',
	},
	operations,
);
