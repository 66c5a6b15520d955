import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { recordOutcomes } from '../../batches/recordOutcomes';
import type { CreateWording } from '../../descriptions/createOptions';
import { INVOICE_RECORD_FIELDS } from '../../records/recordFields';
import { type AmiliInvoice, prepareInvoices } from '../../records/invoices';
import { createOperation } from '../createOperation';

/**
 * Invoice → Create: input items become the `invoices[]` of `POST /orgs/{orgId}/invoices`
 * (documented, docs/amili-api.md, "Create invoices"), sent in batches exactly as payments are (create/createRecords.ts).
 * Amili shows only part of the invoice schema; see records/invoices.ts for what is checked.
 */

const WORDING: CreateWording = {
	singular: 'invoice',
	title: 'Invoice',
	plural: 'invoices',
	keyField: 'invoiceNumber',
	exampleFields: 'invoiceNumber, originalInvoiceAmount, dueDate',
};

const JSON_PARAMETER: INodeProperties = {
	displayName: 'Invoice (JSON)',
	name: 'invoiceJson',
	type: 'json',
	default:
		'{\n  "type": "NOTICE",\n  "invoiceNumber": "{{ $json.invoiceNumber }}",\n  "originalInvoiceAmount": {{ $json.amount }},\n  "currency": "NOK",\n  "invoiceDate": "{{ $json.invoiceDate }}",\n  "dueDate": "{{ $json.dueDate }}"\n}',
	required: true,
	description:
		"One invoice object per input item, with Amili's field names; use it for the fields Amili does not document, such as the debtor",
};

const operation = createOperation<AmiliInvoice>({
	resource: 'invoice',
	wording: WORDING,
	autoMapNotice:
		'Each input item needs type, invoiceNumber, originalInvoiceAmount, currency, invoiceDate and dueDate; these and uniqueSourceInvoiceId, customerNumber, collectionNoticeDate, vat, fees and description are checked. Amili does not show the rest of its invoice schema (the debtor, for one), so every other field of the item is sent as it is.',
	fields: INVOICE_RECORD_FIELDS,
	fieldsMethod: 'getInvoiceFields',
	jsonParameter: JSON_PARAMETER,
	kind: {
		keyOf: (invoice) => invoice.invoiceNumber,
		// The fields unique within a run (records/invoices.ts), so across runs too.
		identityFields: ['invoiceNumber', 'uniqueSourceInvoiceId'],
		jsonExample: '{ "invoiceNumber": "INV-1", ... }',
		prepare: prepareInvoices,
		body: (_organizationId, invoices) => ({ invoices: invoices as IDataObject[] }),
		outcomes: (batch, invoices) =>
			recordOutcomes(batch, invoices, ['uniqueSourceInvoiceId', 'invoiceNumber']),
	},
});

export const { properties, description, kind, execute, forgetSent, markRegistered } = operation;
