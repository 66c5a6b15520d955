import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	DEFAULT_BATCH_SIZE,
	DEFAULT_HISTORY_SIZE,
	DEFAULT_PARALLEL_REQUESTS,
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
	MAX_PARALLEL_REQUESTS,
} from '../create/defaults';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../transport';
import { FROM_VERSION_2, VERSION_1 } from './common';
import { optionsCollection } from './fields';
import type { RecordField } from '../records/fields';

/**
 * The fields every asynchronous Create operation (payment, invoice, correction) shows around its
 * own record fields, written once so the three read and behave alike. Worded per record kind.
 */

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

const show = (mappingMode: string, version?: IDisplayOptions['show']) => ({
	show: { mappingMode: [mappingMode], ...version },
});

export function mappingModeProperty({
	singular,
	title,
	exampleFields,
}: CreateWording): INodeProperties {
	return {
		displayName: `Map ${title} Fields`,
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Automatically',
				value: 'autoMapInputData',
				description: `Input fields already carry Amili's names (${exampleFields}, …)`,
			},
			{
				name: 'Map Each Field',
				value: 'defineBelow',
				description: `Set each ${singular} field, with an expression where it comes from the input`,
			},
			{
				name: 'JSON',
				value: 'json',
				description: `Build the whole ${singular} object with an expression`,
			},
		],
		default: 'autoMapInputData',
	};
}

/**
 * The mapping-mode-dependent fields: the auto-map hint; for Map Each Field, version 1's one
 * parameter per field (saved workflows hold their names and values) and from version 2 n8n's field
 * mapper, both built from the record kind's one field table; the JSON object.
 */
export function mappedFields(
	hint: string,
	fields: readonly RecordField[],
	resourceMapperMethod: string,
	json: INodeProperties,
): INodeProperties[] {
	return [
		{
			displayName: hint,
			name: 'autoMapNotice',
			type: 'notice',
			default: '',
			displayOptions: show('autoMapInputData'),
		},
		...fields.map((field) => ({
			...fieldParameter(field),
			displayOptions: show('defineBelow', VERSION_1),
		})),
		{
			displayName: 'Fields',
			name: 'columns',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				resourceMapper: {
					resourceMapperMethod,
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: false,
				},
			},
			displayOptions: show('defineBelow', FROM_VERSION_2),
		},
		{ ...json, displayOptions: show('json') },
	];
}

/** Version 1's Map Each Field parameter for one field, exactly as saved workflows know it. */
function fieldParameter({
	field,
	displayName,
	required,
	placeholder,
	description,
	v1Name,
	v1Default,
}: RecordField): INodeProperties {
	return {
		displayName,
		name: v1Name ?? field,
		type: 'string',
		default: '',
		...(v1Default !== undefined && { default: v1Default }),
		...(required && { required }),
		...(placeholder && { placeholder }),
		...(description && { description }),
	};
}

/** Which version 1 parameter gives which Amili field: the engine's reading of Map Each Field. */
export function fieldParameterOf(field: RecordField): { field: string; property: INodeProperties } {
	return { field: field.field, property: fieldParameter(field) };
}

export function createOptionsProperty({
	plural,
	singular,
	title,
	keyField,
}: CreateWording): INodeProperties {
	return optionsCollection([
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_BATCH_SIZE,
			description: `Most ${plural} sent in one request. Amili does not document a limit; fewer, larger requests are faster.`,
		},
		{
			displayName: 'History Size',
			name: 'historySize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_HISTORY_SIZE,
			description: `With Skip ${title}s Sent Before: how many sent records this workflow remembers; when full, the oldest are forgotten first`,
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
		...parallelRequestsOptions(plural),
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			description: 'With Wait for Batch Result: pause between two reads of a batch',
		},
		{
			displayName: 'Request Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_REQUEST_TIMEOUT_MS,
			description:
				'How long to wait for Amili to answer a request. A request that times out is reported as "outcome unknown", never sent again.',
		},
		...skipSentBeforeOptions(title, singular),
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
	]);
}

/**
 * Never twice across runs: on for new nodes; version 1 sends what it is given, as it always did,
 * unless the user turns it on. One option per node version, so each shows the default that applies.
 */
function skipSentBeforeOptions(title: string, singular: string): INodeProperties[] {
	const option: INodeProperties = {
		displayName: `Skip ${title}s Sent Before`,
		name: 'skipSentBefore',
		type: 'boolean',
		default: false,
		description: `Whether to remember each ${singular} this workflow sends, so that no later run (the next schedule, a re-run, n8n's Retry or Retry On Fail) sends the same ${singular} to Amili again`,
	};
	return [
		{ ...option, displayOptions: { show: VERSION_1 } },
		{ ...option, default: true, displayOptions: { show: FROM_VERSION_2 } },
	];
}

/**
 * How many requests may be in flight at once: one option per node version, since version 1 keeps
 * sending one at a time unless the user says otherwise, and the editor shows the default that applies.
 */
function parallelRequestsOptions(plural: string): INodeProperties[] {
	const option = (defaultValue: number, show: IDisplayOptions['show']): INodeProperties => ({
		displayName: 'Parallel Requests',
		name: 'parallelRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
		default: defaultValue,
		description: `How many requests to Amili may be in flight at once (sending ${plural}, and reading batches with Wait for Batch Result). More is faster when Amili is far away; if Amili answers "too many requests", every request of the run waits as it asks. At most ${MAX_PARALLEL_REQUESTS}, to keep the load on Amili modest.`,
		displayOptions: { show },
	});
	return [option(1, VERSION_1), option(DEFAULT_PARALLEL_REQUESTS, FROM_VERSION_2)];
}

/**
 * A resource's Create fields in the Amili node. The fields that read a record from an item also
 * serve Forget Sent with "These Records", so both read items alike and compute the same keys.
 */
export function createOperationDescription(
	resource: string,
	wording: CreateWording,
	recordProperties: INodeProperties[],
): INodeProperties[] {
	return [
		...updateDisplayOptions(
			{
				show: { resource: [resource], operation: ['create', 'forgetSent'] },
				hide: { forget: ['all'] },
			},
			recordProperties,
		),
		...updateDisplayOptions({ show: { resource: [resource], operation: ['create'] } }, [
			createOptionsProperty(wording),
		]),
	];
}
