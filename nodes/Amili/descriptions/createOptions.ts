import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from './sharedFields';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
} from '../batches/waitForBatch';
import {
	DEFAULT_BATCH_SIZE,
	DEFAULT_HISTORY_SIZE,
	MAX_PARALLEL_REQUESTS,
} from '../create/defaults';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../transport';
import { perVersionDefault } from '../versions';

/** How a Create operation names its records in its fields and messages. */
export interface CreateWording {
	/** e.g. 'payment' */
	singular: string;
	/** e.g. 'Payment' */
	title: string;
	/** e.g. 'payments' */
	plural: string;
	/** The field naming a record, e.g. uniqueSourcePaymentId */
	keyField: string;
	/** Field names for the Map Automatically hint, e.g. 'amount, currency, date' */
	exampleFields: string;
}

/**
 * The Options of every asynchronous Create operation (payment, invoice, correction), written once
 * and worded per record kind, in three groups — sending, remembering what was sent, waiting for the
 * result — listed alphabetically, as n8n lists options. Their defaults are create/defaults.ts's,
 * batches/waitForBatch.ts's and versions.ts's, which the engine falls back to as well.
 */
export function createOptionsProperty(wording: CreateWording): INodeProperties {
	const options = [
		...sendingOptions(wording),
		...memoryOptions(wording),
		...waitingOptions(wording),
	];
	return optionsCollection(options.sort((a, b) => a.displayName.localeCompare(b.displayName)));
}

/** How the records go: Batch Size, Output, Parallel Requests, Request Timeout. */
function sendingOptions({ plural, keyField }: CreateWording): INodeProperties[] {
	return [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_BATCH_SIZE,
			description: `Most ${plural} sent in one request. Amili does not document a limit; fewer, larger requests are faster.`,
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'One Item per Batch',
					value: 'batches',
					description: `The batch Amili created, with the ${keyField}s it carries`,
				},
				{
					name: 'Each Input Item',
					value: 'items',
					description:
						'Every input item, with the batchId and batchUrl of the batch that carries it',
				},
			],
			default: 'batches',
		},
		...perVersionDefault(
			{
				displayName: 'Parallel Requests',
				name: 'parallelRequests',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
				default: 1,
				description: `How many requests to Amili may be in flight at once (sending ${plural}, and reading batches with Wait for Batch Result). More is faster when Amili is far away; if Amili answers "too many requests", every request of the run waits as it asks. At most ${MAX_PARALLEL_REQUESTS}, to keep the load on Amili modest.`,
			},
			'parallelRequests',
		),
		{
			displayName: 'Request Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_REQUEST_TIMEOUT_MS,
			description:
				'How long to wait for Amili to answer a request. A request that times out is reported as "outcome unknown", never sent again.',
		},
	];
}

/** Never twice across runs: Skip … Sent Before and History Size. */
function memoryOptions({ title, singular }: CreateWording): INodeProperties[] {
	return [
		...perVersionDefault(
			{
				displayName: `Skip ${title}s Sent Before`,
				name: 'skipSentBefore',
				type: 'boolean',
				default: false,
				description: `Whether to remember each ${singular} this workflow sends, so that no later run (the next schedule, a re-run, n8n's Retry or Retry On Fail) sends the same ${singular} to Amili again`,
			},
			'skipSentBefore',
		),
		{
			displayName: 'History Size',
			name: 'historySize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_HISTORY_SIZE,
			description: `With Skip ${title}s Sent Before: how many sent records this workflow remembers; when full, the oldest are forgotten first`,
		},
	];
}

/** Wait for Batch Result, with its Poll Interval and Wait Timeout. */
function waitingOptions({ singular }: CreateWording): INodeProperties[] {
	return [
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			description: 'With Wait for Batch Result: pause between two reads of a batch',
		},
		{
			displayName: 'Wait for Batch Result',
			name: 'waitForResult',
			type: 'boolean',
			default: false,
			description: `Whether to wait until Amili has processed each batch and output every ${singular} with its outcome: failed (true or false) and Amili's reason`,
		},
		{
			displayName: 'Wait Timeout (Seconds)',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_WAIT_TIMEOUT_SECONDS,
			description: 'With Wait for Batch Result: longest time to wait for a batch to be processed',
		},
	];
}
