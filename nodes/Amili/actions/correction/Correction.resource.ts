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
			{
				name: 'Mark as Registered',
				value: 'markRegistered',
				description:
					'Tell this workflow that Amili has these corrections (you checked), so it never sends them',
				action: 'Mark corrections as registered',
			},
		],
		default: 'create',
	},
	operations,
);
