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
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Register paid invoices at Amili as payments, in batches',
				action: 'Create payments',
			},
			{
				name: 'Forget Sent',
				value: 'forgetSent',
				description: 'Let this workflow send payments again that it remembers as sent',
				action: 'Forget sent payments',
			},
		],
		default: 'create',
	},
	...operations.forgetSent.description,
	...create.description,
];
