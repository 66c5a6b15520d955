import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	createOperationDescription,
	fieldParameterOf,
	mappedFields,
	mappingModeProperty,
} from '../../descriptions/createFields';
import { type CreateWording } from '../../descriptions/createOptions';
import { type AmiliCorrection, prepareCorrections } from '../../records/corrections';
import { CORRECTION_RECORD_FIELDS } from '../../records/recordFields';
import { createRecords, type RecordKind } from '../../create/createRecords';
import { recordOutcomes } from '../../batches/recordOutcomes';

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

const JSON_PARAMETER: INodeProperties = {
	displayName: 'Correction (JSON)',
	name: 'correctionJson',
	type: 'json',
	default:
		'{\n  "invoiceId": "{{ $json.invoiceId }}",\n  "amount": {{ $json.amount }},\n  "currency": "NOK",\n  "date": "{{ $json.date }}",\n  "description": "{{ $json.description }}"\n}',
	required: true,
	description: "One correction object per input item, with Amili's field names",
};

/** The fields that read a record from an item (Create's, and Forget Sent's). */
const recordProperties: INodeProperties[] = [
	mappingModeProperty(WORDING),
	...mappedFields(
		'Each input item needs the fields invoiceId, amount, currency and date; description is optional. Other fields are ignored.',
		CORRECTION_RECORD_FIELDS,
		'getCorrectionFields',
		JSON_PARAMETER,
	),
];

/** The same fields in the Amili node. */
export const description = createOperationDescription('correction', WORDING, recordProperties);

export const CORRECTIONS: RecordKind<AmiliCorrection> = {
	...WORDING,
	keyOf: (correction) => correction.invoiceId,
	jsonParameter: JSON_PARAMETER,
	jsonExample: '{ "invoiceId": "…", "amount": -250, ... }',
	fieldParameters: CORRECTION_RECORD_FIELDS.map(fieldParameterOf),
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
