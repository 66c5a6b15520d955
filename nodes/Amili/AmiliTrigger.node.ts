import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { KeyMemory, rememberKey, storedKeys } from './trigger/seenKeys';
import { headerValue, secretMatches } from './trigger/sharedSecret';
import { AMILI_EVENTS, deduplicationKey, filterValueOf, normaliseEvent, OTHER_EVENTS } from './trigger/webhookEvent';

/** Where the keys of recent deliveries live in the node's static data. */
const KEYS_FIELD = 'deliveryKeys';
/** The same keys in this process's memory: no gap between answering and saving (see KeyMemory). */
const recentKeys = new KeyMemory();

/**
 * Starts a workflow when Amili POSTs a webhook event (CONTRACT §5). Amili documents no endpoint to
 * register a webhook, so the node has no webhookMethods: the user copies the Production URL into
 * Amili. Amili's signature (X-Webhook-Signature) has no documented scheme, so it is not verified; an
 * optional shared-secret header is checked instead.
 */
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete -- Amili documents no way to register a webhook (CONTRACT §5.1): the user enters the Production URL at Amili, so checkExists/create/delete would have nothing to call.
export class AmiliTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amili Trigger',
		name: 'amiliTrigger',
		icon: { light: 'file:amili.svg', dark: 'file:amili.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Amili sends a webhook event (batch completed, settlement created, case created or updated)',
		defaults: { name: 'Amili Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
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
					'Amili has no API to register webhooks: copy this node\'s Production URL (above) into the webhook settings Amili gives you, then activate the workflow.',
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
						description: 'A batch of invoices, payments or corrections finished (SUCCESS, PARTIAL or FAILED)',
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
				displayName: 'Check Shared Secret Header',
				name: 'checkSecret',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept only requests that carry a header with a secret you set up at the sender (Amili\'s portal or a proxy); others are answered 401 and start nothing',
			},
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: 'X-Webhook-Secret',
				required: true,
				displayOptions: { show: { checkSecret: [true] } },
				description: 'The name of the header that carries the secret (not case-sensitive)',
			},
			{
				displayName: 'Secret',
				name: 'secretValue',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: { show: { checkSecret: [true] } },
				description: 'The value the header must have. It is kept in the workflow, not in a credential.',
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

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const headers = this.getHeaderData() as Record<string, unknown>;

		if (this.getNodeParameter('checkSecret', false) === true) {
			const name = String(this.getNodeParameter('headerName', ''));
			const secret = String(this.getNodeParameter('secretValue', ''));
			if (!secretMatches(headerValue(headers, name), secret)) {
				return respond(this, 401, { message: 'Unauthorized' });
			}
		}

		const body = this.getBodyData() as unknown;
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			return respond(this, 400, { message: 'Expected a JSON object as the body' });
		}
		const event = normaliseEvent(body as IDataObject, headers);

		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(filterValueOf(event))) {
			return { webhookResponse: { received: true, started: false, reason: 'event not selected' } };
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		// A test URL call runs on a copy of the static data n8n never saves: it always emits, and
		// never hides a later production delivery.
		if (options.deduplicate !== false && this.getMode() !== 'manual') {
			const key = deduplicationKey(event);
			if (key !== undefined) {
				const staticData = this.getWorkflowStaticData('node');
				const remembered = rememberKey(storedKeys(staticData[KEYS_FIELD]), key);
				// Both checks run before anything is awaited, so two deliveries of one key in this process
				// cannot both pass; static data carries the keys across restarts and processes.
				const seenHere = recentKeys.checkAndRemember(`${this.getWorkflow().id ?? ''}:${this.getNode().id}`, key);
				if (remembered.duplicate || seenHere) {
					return { webhookResponse: { received: true, started: false, reason: 'duplicate delivery' } };
				}
				// Assigned, not pushed, so n8n marks the static data as changed and saves it.
				staticData[KEYS_FIELD] = remembered.keys;
			}
		}

		// The node answers 200 itself, so n8n saves the static data (the new key) before it prepares
		// the execution. Left to n8n's onReceived answer, the save comes after n8n 2.41 has built the
		// execution from the same static data object, which clears its "changed" mark: the key would
		// be lost whenever the node had stored keys before (measured; see README, Amili Trigger).
		respond(this, 200, { received: true, started: true });
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray([event])] };
	}
}

/** Answers the request itself; n8n then sends nothing more. */
function respond(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(status, { 'Content-Type': 'application/json' });
	response.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}
