import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

/** The resource's operations, by the value of its Operation field (actions/router.ts). */
export const operations = {
	get,
	getMany,
} satisfies Record<string, Operation>;

export const description: INodeProperties[] = [
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
	...get.description,
	...getMany.description,
];
