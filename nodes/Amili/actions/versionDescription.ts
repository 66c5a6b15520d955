import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as batch from './batch/Batch.resource';
import * as collectionCase from './case/Case.resource';
import * as correction from './correction/Correction.resource';
import * as invoice from './invoice/Invoice.resource';
import * as payment from './payment/Payment.resource';
import * as settlement from './settlement/Settlement.resource';
import { authenticationProperty, credentialDescriptions, organizationIdProperty } from '../descriptions/common';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Amili',
	name: 'amili',
	icon: { light: 'file:amili.svg', dark: 'file:amili.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
	description: 'Send invoices, payments and corrections to Amili and follow batches, invoices, cases and settlements',
	defaults: { name: 'Amili' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials: credentialDescriptions,
	properties: [
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
	],
};
