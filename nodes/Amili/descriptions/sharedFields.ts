import type { INodeProperties, INodePropertyRegexValidation } from 'n8n-workflow';

import { FROM_VERSION_2, VERSION_1 } from '../versions';

/** Field definitions more than one operation of the Amili node shows, written once. */

const UUID_REGEX = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A By ID mode's check: a UUID, blanks around it allowed (the operations trim them). */
function uuidValidation(errorMessage: string): INodePropertyRegexValidation[] {
	return [{ type: 'regex', properties: { regex: `^\\s*${UUID_REGEX}\\s*$`, errorMessage } }];
}

/** A batch: from the organization's latest batches, by the batchUrl a Create returned, or by ID. */
export const batchLocator: INodeProperties = {
	displayName: 'Batch',
	name: 'batchId',
	type: 'resourceLocator',
	default: { mode: 'url', value: '' },
	required: true,
	description: 'The batch Amili created for a Create request',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchBatches', searchable: true },
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder:
				'e.g. https://api.amili.no/collection/v1/batches/ae257e86-dc53-4865-9c97-5b125a3a5ac2',
			hint: 'The batchUrl a Create operation outputs, e.g. {{ $json.batchUrl }}',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `https?://.+/batches/${UUID_REGEX}/?`,
						errorMessage: 'Not an Amili batch URL: it ends in /batches/<batch ID>',
					},
				},
			],
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. ae257e86-dc53-4865-9c97-5b125a3a5ac2',
			validation: uuidValidation('Not a batch ID (a UUID)'),
		},
	],
};

/**
 * An Amili record ID (invoice, settlement), named `name` in both node versions so one reading serves
 * both: version 1 keeps the plain text field saved workflows hold; version 2 picks the record from
 * the organization's list (`searchListMethod`) or takes its ID. There is no By URL mode: Amili gives
 * URLs only for batches (batchUrl); invoice and settlement answers carry no link to themselves.
 */
export function recordIdProperties(
	name: string,
	subject: 'Invoice' | 'Settlement',
	searchListMethod: string,
): INodeProperties[] {
	const description = `Amili's ID of the ${subject.toLowerCase()} (a UUID)`;
	const placeholder = 'e.g. 4f163819-178d-470c-a246-d6768476a6ec';
	return [
		{
			displayName: `${subject} ID`,
			name,
			type: 'string',
			default: '',
			required: true,
			placeholder,
			description,
			displayOptions: { show: VERSION_1 },
		},
		{
			displayName: subject,
			name,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description,
			displayOptions: { show: FROM_VERSION_2 },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod, searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder,
					validation: uuidValidation(
						`Not ${subject === 'Invoice' ? 'an invoice' : 'a settlement'} ID (a UUID)`,
					),
				},
			],
		},
	];
}

export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Batches carry every record's result; most workflows need only the counts. */
export const simplifyBatchField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return the batch with counts of succeeded and failed records (succeededCount, failedCount) instead of the full lists',
};

/** A date-time filter; n8n's picker gives a local time, sent as UTC. */
export function dateTimeFilter(
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return { displayName, name, type: 'dateTime', default: '', description };
}

/** A text filter matched exactly by Amili (its matching rules are not documented). */
export function textFilter(
	displayName: string,
	name: string,
	placeholder?: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		...(placeholder && { placeholder }),
	};
}

/** An operation's Filters or Options collection (options in alphabetical order, as n8n lists them). */
function collection(
	displayName: 'Filters' | 'Options',
	options: INodeProperties[],
): INodeProperties {
	const singular = displayName.slice(0, -1);
	return {
		displayName,
		name: displayName.toLowerCase(),
		type: 'collection',
		placeholder: `Add ${singular}`,
		default: {},
		options,
	};
}

export const filtersCollection = (options: INodeProperties[]) => collection('Filters', options);
export const optionsCollection = (options: INodeProperties[]) => collection('Options', options);
