import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { recordOutcomes } from '../../batches/recordOutcomes';
import type { CreateWording } from '../../descriptions/createOptions';
import { CORRECTION_RECORD_FIELDS } from '../../records/recordFields';
import { type AmiliCorrection, prepareCorrections } from '../../records/corrections';
import { createOperation } from '../createOperation';

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

const operation = createOperation<AmiliCorrection>({
	resource: 'correction',
	wording: WORDING,
	autoMapNotice:
		'Each input item needs the fields invoiceId, amount, currency and date; description is optional. Other fields are ignored.',
	fields: CORRECTION_RECORD_FIELDS,
	fieldsMethod: 'getCorrectionFields',
	jsonParameter: JSON_PARAMETER,
	kind: {
		keyOf: (correction) => correction.invoiceId,
		// Amili's correction has no ID of its own: its whole content is its identity.
		identityFields: [],
		jsonExample: '{ "invoiceId": "…", "amount": -250, ... }',
		prepare: prepareCorrections,
		body: (_organizationId, corrections) => ({
			corrections: corrections as unknown as IDataObject[],
		}),
		// Several corrections may share an invoice: the request index, where Amili gives it, comes first.
		outcomes: (batch, corrections) => recordOutcomes(batch, corrections, ['invoiceId']),
	},
});

export const { properties, description, kind, execute, forgetSent, markRegistered } = operation;
