import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../operation';
import * as create from './create.operation';

/** The resource's operations, by the value of its Operation field (actions/router.ts). */
export const operations = {
	create,
	forgetSent: create.forgetSent,
} satisfies Record<string, Operation>;

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
			{
				name: 'Forget Sent',
				value: 'forgetSent',
				description: 'Let this workflow send corrections again that it remembers as sent',
				action: 'Forget sent corrections',
			},
		],
		default: 'create',
	},
	...operations.forgetSent.description,
	...create.description,
];
