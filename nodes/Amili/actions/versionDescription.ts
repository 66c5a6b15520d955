import type { INodeProperties } from 'n8n-workflow';

import * as batch from './batch/Batch.resource';
import * as collectionCase from './case/Case.resource';
import * as correction from './correction/Correction.resource';
import * as invoice from './invoice/Invoice.resource';
import * as payment from './payment/Payment.resource';
import * as settlement from './settlement/Settlement.resource';
import { authenticationProperty, organizationIdProperty } from '../descriptions/common';

/**
 * The Amili node's parameters: the shared Authentication and Organization ID, the resource, then
 * each resource's operations and fields. The node's own identity (name, icon, subtitle, …) stays in
 * Amili.node.ts, where n8n's community-node checks read it.
 */
export const properties: INodeProperties[] = [
	authenticationProperty,
	organizationIdProperty,
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Batch', value: 'batch' },
			{ name: 'Case', value: 'case' },
			{ name: 'Correction', value: 'correction' },
			{ name: 'Invoice', value: 'invoice' },
			{ name: 'Payment', value: 'payment' },
			{ name: 'Settlement', value: 'settlement' },
		],
		default: 'invoice',
	},
	...batch.description,
	...collectionCase.description,
	...correction.description,
	...invoice.description,
	...payment.description,
	...settlement.description,
];
