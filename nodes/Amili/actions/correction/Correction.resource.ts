import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['correction'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Correct invoice amounts at Amili, in batches',
				action: 'Create corrections',
			},
		],
		default: 'create',
	},
	...create.description,
];
