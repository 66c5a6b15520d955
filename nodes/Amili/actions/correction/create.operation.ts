import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	createOptionsProperty,
	type CreateWording,
	mappedFields,
	mappingModeProperty,
} from '../../descriptions/create';
import { type AmiliCorrection, prepareCorrections } from '../../records/corrections';
import { createRecords, type RecordKind } from '../../engine/createRecords';
import { recordOutcomes } from '../../engine/outcomes';

/**
 * Correction → Create: input items become the `corrections[]` of `POST /orgs/{orgId}/corrections`
 * (documented in full, docs/amili-api.md, "Create corrections"), sent in batches exactly as payments are.
 */

const WORDING: CreateWording = {
	singular: 'correction',
	title: 'Correction',
	plural: 'corrections',
	keyField: 'invoiceId',
	exampleFields: 'invoiceId, amount, currency',
};

/** Map Each Field. Parameter names differ from Payment → Create's where their defaults differ. */
const FIELD_PARAMETERS: ReadonlyArray<{ field: keyof AmiliCorrection; property: INodeProperties }> =
	[
		{
			field: 'invoiceId',
			property: {
				displayName: 'Invoice ID',
				name: 'correctionInvoiceId',
				type: 'string',
				default: '={{ $json.invoiceId }}',
				required: true,
				description: "Amili's ID (a UUID) of the invoice to correct",
			},
		},
		{
			field: 'amount',
			property: {
				displayName: 'Amount',
				name: 'correctionAmount',
				type: 'string',
				default: '={{ $json.amount }}',
				required: true,
				placeholder: 'e.g. -250.00',
				description:
					'Amount to correct by, with a dot for decimals. Amili does not document the sign convention.',
			},
		},
		{
			field: 'currency',
			property: {
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: 'NOK',
				required: true,
			},
		},
		{
			field: 'date',
			property: {
				displayName: 'Date',
				name: 'correctionDate',
				type: 'string',
				default: '={{ $json.date }}',
				required: true,
				placeholder: 'e.g. 2025-03-09T14:30:00Z',
				description: 'ISO 8601 with a time zone, or a date alone (read as 00:00 UTC)',
			},
		},
		{
			field: 'description',
			property: { displayName: 'Description', name: 'description', type: 'string', default: '' },
		},
	];

const JSON_PARAMETER: INodeProperties = {
	displayName: 'Correction (JSON)',
	name: 'correctionJson',
	type: 'json',
	default:
		'{\n  "invoiceId": "{{ $json.invoiceId }}",\n  "amount": {{ $json.amount }},\n  "currency": "NOK",\n  "date": "{{ $json.date }}",\n  "description": "{{ $json.description }}"\n}',
	required: true,
	description: "One correction object per input item, with Amili's field names",
};

const properties: INodeProperties[] = [
	mappingModeProperty(WORDING),
	...mappedFields(
		'Each input item needs the fields invoiceId, amount, currency and date; description is optional. Other fields are ignored.',
		FIELD_PARAMETERS,
		JSON_PARAMETER,
	),
	createOptionsProperty(WORDING),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['correction'], operation: ['create'] } },
	properties,
);

const CORRECTIONS: RecordKind<AmiliCorrection> = {
	...WORDING,
	keyOf: (correction) => correction.invoiceId,
	jsonParameter: JSON_PARAMETER,
	jsonExample: '{ "invoiceId": "…", "amount": -250, ... }',
	fieldParameters: FIELD_PARAMETERS,
	prepare: prepareCorrections,
	body: (_organizationId, corrections) => ({
		corrections: corrections as unknown as IDataObject[],
	}),
	// Several corrections may share an invoice: the request index, where Amili gives it, comes first.
	outcomes: (batch, corrections) => recordOutcomes(batch, corrections, ['invoiceId']),
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await createRecords.call(this, CORRECTIONS);
}
