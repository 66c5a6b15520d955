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
import { createRecords, type RecordKind } from '../../create/createRecords';
import { INVOICE_RECORD_FIELDS } from '../../records/recordFields';
import { type AmiliInvoice, prepareInvoices } from '../../records/invoices';
import { recordOutcomes } from '../../batches/recordOutcomes';

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

/** The fields that read a record from an item (Create's, and Forget Sent's). */
const recordProperties: INodeProperties[] = [
	mappingModeProperty(WORDING),
	...mappedFields(
		'Each input item needs type, invoiceNumber, originalInvoiceAmount, currency, invoiceDate and dueDate; these and uniqueSourceInvoiceId, customerNumber, collectionNoticeDate, vat, fees and description are checked. Amili does not show the rest of its invoice schema (the debtor, for one), so every other field of the item is sent as it is.',
		INVOICE_RECORD_FIELDS,
		'getInvoiceFields',
		JSON_PARAMETER,
	),
];

/** The same fields in the Amili node. */
export const description = createOperationDescription('invoice', WORDING, recordProperties);

export const INVOICES: RecordKind<AmiliInvoice> = {
	...WORDING,
	keyOf: (invoice) => invoice.invoiceNumber,
	jsonParameter: JSON_PARAMETER,
	jsonExample: '{ "invoiceNumber": "INV-1", ... }',
	fieldParameters: INVOICE_RECORD_FIELDS.map(fieldParameterOf),
	prepare: prepareInvoices,
	body: (_organizationId, invoices) => ({ invoices: invoices as IDataObject[] }),
	outcomes: (batch, invoices) =>
		recordOutcomes(batch, invoices, ['uniqueSourceInvoiceId', 'invoiceNumber']),
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await createRecords.call(this, INVOICES);
}
