import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { KeyMemory, mergeKeys, storedKeys } from './seenKeys';
import { secretMatches } from './sharedSecret';
import { expectedSecretHeader } from './secretHeader';
import { deduplicationKey, filterValueOf, normaliseEvent } from './webhookEvent';
import { headerValue } from '../../transport/headers';

/**
 * The Amili Trigger's webhook(): one delivery from Amili, checked (shared secret), read into one
 * event shape (webhookEvent.ts), filtered by the chosen events, dropped when it is a redelivery
 * (seenKeys.ts), answered, and started. The n8n side of the trigger; the rules are in the pure
 * modules beside it.
 */

/** Where the keys of recent deliveries live in the node's static data. */
const KEYS_FIELD = 'deliveryKeys';
/** The same keys in this process's memory: no gap between answering and saving (see KeyMemory). */
const recentKeys = new KeyMemory();

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData() as Record<string, unknown>;

	const expected = await expectedSecretHeader(this);
	if (expected && !secretMatches(headerValue(headers, expected.headerName), expected.secret)) {
		return respond(this, 401, { message: 'Unauthorized' });
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
			const stored = storedKeys(staticData[KEYS_FIELD]);
			const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
			// Both checks run before anything is awaited, so two deliveries of one key in this process
			// cannot both pass; static data carries the keys across restarts and processes.
			const seenHere = recentKeys.checkAndRemember(scope, key);
			if (seenHere || stored.includes(key)) {
				return {
					webhookResponse: { received: true, started: false, reason: 'duplicate delivery' },
				};
			}
			// Every key this process holds, not only this one: n8n saves this request's copy after
			// others read theirs, last save wins (docs/triggers.md, "Redeliveries"). Assigned, not pushed, so n8n
			// marks the static data as changed and saves it.
			staticData[KEYS_FIELD] = mergeKeys(stored, recentKeys.keysOf(scope));
		}
	}

	// Answered here, so n8n saves the new key before it builds the execution (docs/triggers.md, "Redeliveries").
	respond(this, 200, { received: true, started: true });
	return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray([event])] };
}

/** Answers the request itself; n8n then sends nothing more. */
function respond(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(status, { 'Content-Type': 'application/json' });
	response.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}
