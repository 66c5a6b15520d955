import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	authenticationProperty,
	credentialDescriptions,
	organizationIdProperty,
} from './descriptions/common';
import { simplifyBatchField } from './descriptions/sharedFields';
import { poll } from './trigger/polling/poll';

/**
 * For users without webhooks: asks Amili on n8n's polling schedule for new settlements or for batches
 * that finished, and emits each once. A manual run shows the latest few; an activated workflow starts
 * from the moment it is activated.
 */
export class AmiliPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amili Polling Trigger',
		name: 'amiliPollingTrigger',
		icon: { light: 'file:amili.svg', dark: 'file:amili.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["event"] === "batchFinished" ? "Batch finished" : "New settlement" }}',
		description:
			'Starts the workflow when Amili has a new settlement or a finished batch, by asking Amili on a schedule',
		defaults: { name: 'Amili Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialDescriptions,
		properties: [
			authenticationProperty,
			organizationIdProperty,
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'Batch Finished',
						value: 'batchFinished',
						description: 'A batch of the organization reached SUCCESS, PARTIAL or FAILED',
					},
					{
						name: 'New Settlement',
						value: 'newSettlement',
						description: 'Amili made a settlement for the organization',
					},
				],
				default: 'newSettlement',
			},
			{
				...simplifyBatchField,
				displayOptions: { show: { event: ['batchFinished'] } },
			},
			{
				displayName: 'Look Back (Days)',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				displayOptions: { show: { event: ['newSettlement'] } },
				description:
					'Also read settlements dated this many days before the last check, for settlements Amili dates earlier than the day they appear. Each is still emitted only once.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
