import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import { properties } from './actions/versionDescription';
import { credentialDescriptions } from './descriptions/common';
import { listSearch, resourceMapping } from './methods';

export class Amili implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amili',
		name: 'amili',
		icon: { light: 'file:amili.svg', dark: 'file:amili.dark.svg' },
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Send invoices, payments and corrections to Amili; follow batches, invoices, cases and settlements',
		defaults: { name: 'Amili' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: credentialDescriptions,
		properties,
	};

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
