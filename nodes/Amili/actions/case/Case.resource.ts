import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../operation';
import * as getMany from './getMany.operation';

/** The resource's operations, by the value of its Operation field (actions/router.ts). */
export const operations = {
	getMany,
} satisfies Record<string, Operation>;

export const description: INodeProperties[] = [
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
	...getMany.description,
];
