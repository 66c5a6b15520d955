import type { IDataObject, IHookFunctions } from 'n8n-workflow';

/**
 * The Amili Trigger's webhookMethods. Amili has no API to register a webhook (docs/triggers.md: "Amili
 * Trigger (webhook)"), so these register nothing at Amili and call nothing: they keep the trigger's own record
 * of the Production URL it receives at, in the node's static data, so that a changed URL (another
 * WEBHOOK_URL, a new path) is noticed at activation and logged: the address given to Amili must then
 * be updated by hand. The de-duplication keys are left alone: a redelivery after a re-activation is
 * still dropped.
 */

/** Where the record lives in the node's static data. */
const ENDPOINT_FIELD = 'endpoint';

interface EndpointRecord {
	url: string;
	active: boolean;
}

function recordOf(staticData: IDataObject): EndpointRecord | undefined {
	const value = staticData[ENDPOINT_FIELD] as Partial<EndpointRecord> | undefined;
	return typeof value?.url === 'string'
		? { url: value.url, active: value.active === true }
		: undefined;
}

function productionUrl(context: IHookFunctions): string {
	return context.getNodeWebhookUrl('default') ?? '';
}

/** True when the trigger is recorded as receiving at its current Production URL. */
export function endpointRecorded(context: IHookFunctions): boolean {
	const record = recordOf(context.getWorkflowStaticData('node'));
	return record?.active === true && record.url === productionUrl(context);
}

/** Records the Production URL; says so in n8n's log when it differs from the last one recorded. */
export function recordEndpoint(context: IHookFunctions): boolean {
	const staticData = context.getWorkflowStaticData('node');
	const url = productionUrl(context);
	const previous = recordOf(staticData);
	if (previous && previous.url !== url) {
		context.logger.warn(
			`Amili Trigger "${context.getNode().name}": its Production URL is now ${url} (was ${previous.url}). Amili cannot be told by API: update the webhook address at Amili.`,
		);
	}
	// Assigned, not mutated, so n8n marks the static data as changed and saves it.
	staticData[ENDPOINT_FIELD] = { url, active: true };
	return true;
}

/** Marks the record inactive; the URL stays, to compare at the next activation. */
export function retireEndpoint(context: IHookFunctions): boolean {
	const staticData = context.getWorkflowStaticData('node');
	const record = recordOf(staticData);
	if (record) staticData[ENDPOINT_FIELD] = { ...record, active: false };
	return true;
}
