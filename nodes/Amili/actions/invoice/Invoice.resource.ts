import { type Operation, resourceDescription } from '../operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getPayments from './getPayments.operation';
import * as pause from './pause.operation';
import * as resume from './resume.operation';
import * as withdraw from './withdraw.operation';

/**
 * The resource's operations by the value of its Operation field: its one list, which the router
 * (actions/router.ts) and the fields shown per operation are built from.
 */
export const operations = {
	// First: the node's fields keep their order (Forget ahead of the record fields it hides).
	forgetSent: create.forgetSent,
	markRegistered: create.markRegistered,
	create,
	get,
	getMany,
	getPayments,
	pause,
	resume,
	withdraw,
} satisfies Record<string, Operation>;

export const description = resourceDescription(
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Send invoices to Amili for collection, in batches',
				action: 'Create invoices',
			},
			{
				name: 'Forget Sent',
				value: 'forgetSent',
				description: 'Let this workflow send invoices again that it remembers as sent',
				action: 'Forget sent invoices',
			},
			{ name: 'Get', value: 'get', description: 'Get an invoice', action: 'Get an invoice' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the invoices of the organization',
				action: 'Get many invoices',
			},
			{
				name: 'Get Payments',
				value: 'getPayments',
				description: 'List the payments registered on an invoice',
				action: 'Get the payments of an invoice',
			},
			{
				name: 'Mark as Registered',
				value: 'markRegistered',
				description:
					'Tell this workflow that Amili has these invoices (you checked), so it never sends them',
				action: 'Mark invoices as registered',
			},
			{
				name: 'Pause',
				value: 'pause',
				description: 'Pause collection of an invoice (path inferred, not documented)',
				action: 'Pause an invoice',
			},
			{
				name: 'Resume',
				value: 'resume',
				description: 'Resume collection of an invoice',
				action: 'Resume an invoice',
			},
			{
				name: 'Withdraw',
				value: 'withdraw',
				description: 'Withdraw an invoice from collection (path inferred, not documented)',
				action: 'Withdraw an invoice',
			},
		],
		default: 'create',
	},
	operations,
);
