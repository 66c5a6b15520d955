import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as createPayment from './actions/payment/create.operation';
import {
	authenticationProperty,
	credentialDescriptions,
	organizationIdProperty,
} from './descriptions/common';
import { resourceMapping } from './methods';

export class AmiliPayment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amili Payment',
		name: 'amiliPayment',
		icon: { light: 'file:amili.svg', dark: 'file:amili.dark.svg' },
		group: ['output'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ "Register payments" }}',
		description: 'Register paid invoices at Amili as payments, in batches',
		defaults: { name: 'Amili Payment' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: credentialDescriptions,
		properties: [authenticationProperty, organizationIdProperty, ...createPayment.properties],
	};

	methods = { resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await createPayment.execute.call(this)];
	}
}
