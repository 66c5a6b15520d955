import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { receiveDelivery } from './trigger/webhook/receiveDelivery';
import { secretHeaderProblem } from './trigger/webhook/sharedSecret';
import {
	endpointRecorded,
	recordEndpoint,
	retireEndpoint,
} from './trigger/webhook/webhookEndpoint';
import { AMILI_EVENTS, OTHER_EVENTS } from './trigger/webhook/webhookEvent';
import { FROM_VERSION_2, VERSION_1 } from './versions';

/**
 * Starts a workflow when Amili POSTs a webhook event (docs/amili-api.md, "Webhooks"). Amili
 * documents no endpoint to register a webhook: the user copies the Production URL into Amili, and
 * the lifecycle methods only keep the trigger's own record of that URL (trigger/webhook/webhookEndpoint.ts).
 * Amili's signature (X-Webhook-Signature) has no documented scheme, so it is not verified; an
 * optional shared-secret header is checked instead, its secret kept in a credential from version 2.
 */
export class AmiliTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amili Trigger',
		name: 'amiliTrigger',
		icon: { light: 'file:amili.svg', dark: 'file:amili.dark.svg' },
		group: ['trigger'],
		// 2: the shared secret moved from parameters into the Amili Webhook Secret credential.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when Amili sends a webhook event (batch completed, settlement created, case created or updated)',
		defaults: { name: 'Amili Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'amiliWebhookSecretApi',
				required: true,
				testedBy: 'amiliWebhookSecret',
				displayOptions: { show: { authentication: ['sharedSecretHeader'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					"Amili has no API to register webhooks: copy this node's Production URL (above) into the webhook settings Amili gives you, then activate the workflow.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Any Other Event',
						value: OTHER_EVENTS,
						description: 'Events Amili may add later, or events whose type cannot be read',
					},
					{
						name: 'Batch Completed',
						value: 'BATCH_COMPLETED',
						description:
							'A batch of invoices, payments or corrections finished (SUCCESS, PARTIAL or FAILED)',
					},
					{
						name: 'Case Created',
						value: 'CASE',
						description: 'A collection case was created',
					},
					{
						name: 'Case Updated',
						value: 'CASE_UPDATED',
						description: 'A collection case changed; data.fields lists what changed',
					},
					{
						name: 'Settlement Created',
						value: 'SETTLEMENT_CREATED',
						description: 'Amili settled money for an invoice',
					},
				],
				default: [...AMILI_EVENTS, OTHER_EVENTS],
				description: 'The events that start the workflow; others are acknowledged and dropped',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'None', value: 'none' },
					{
						name: 'Shared Secret Header',
						value: 'sharedSecretHeader',
						description:
							'Accept only deliveries that carry the header and secret of an Amili Webhook Secret credential; others are answered 401 and start nothing',
					},
				],
				default: 'none',
				displayOptions: { show: FROM_VERSION_2 },
				description: 'Whether to check a shared secret header on each delivery',
			},
			// Version 1 kept the secret in these parameters; they stay so workflows saved with it still run.
			{
				displayName:
					'This version of the node keeps the secret in the workflow. To keep it in a credential instead, replace this node with a new Amili Trigger and choose Authentication: Shared Secret Header.',
				name: 'secretInWorkflowNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { ...VERSION_1, checkSecret: [true] } },
			},
			{
				displayName: 'Check Shared Secret Header',
				name: 'checkSecret',
				type: 'boolean',
				default: false,
				displayOptions: { show: VERSION_1 },
				description:
					"Whether to accept only requests that carry a header with a secret you set up at the sender (Amili's portal or a proxy); others are answered 401 and start nothing",
			},
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: 'X-Webhook-Secret',
				required: true,
				displayOptions: { show: { ...VERSION_1, checkSecret: [true] } },
				description: 'The name of the header that carries the secret (not case-sensitive)',
			},
			{
				displayName: 'Secret',
				name: 'secretValue',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: { show: { ...VERSION_1, checkSecret: [true] } },
				description:
					'The value the header must have. It is kept in the workflow, not in a credential.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Drop Redeliveries',
						name: 'deduplicate',
						type: 'boolean',
						default: true,
						description:
							'Whether to answer a delivery whose IdempotencyKey header (else event ID) was seen among the last 1,000 with 200 and not start the workflow again',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async amiliWebhookSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = secretHeaderProblem(credential.data ?? {});
				return problem
					? { status: 'Error', message: problem }
					: {
							status: 'OK',
							message: 'The Amili Trigger can check this header. Nothing was sent anywhere.',
						};
			},
		},
	};

	// Amili has no webhook registration API: these keep the trigger's own record of its Production
	// URL and call nothing at Amili (docs/triggers.md, "Amili Trigger (webhook)").
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return endpointRecorded(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return recordEndpoint(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return retireEndpoint(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
