import { type Operation, resourceDescription } from '../operation';
import * as create from './create.operation';

/**
 * The resource's operations by the value of its Operation field: its one list, which the router
 * (actions/router.ts) and the fields shown per operation are built from.
 */
export const operations = {
	// First: the node's fields keep their order (Forget ahead of the record fields it hides).
	forgetSent: create.forgetSent,
	markRegistered: create.markRegistered,
	create,
} satisfies Record<string, Operation>;

export const description = resourceDescription(
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
			{
				name: 'Mark as Registered',
				value: 'markRegistered',
				description:
					'Tell this workflow that Amili has these payments (you checked), so it never sends them',
				action: 'Mark payments as registered',
			},
		],
		default: 'create',
	},
	operations,
);
