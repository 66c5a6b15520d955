import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

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
