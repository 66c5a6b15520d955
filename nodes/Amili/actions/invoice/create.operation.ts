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
import { createRecords, type RecordKind } from '../../engine/createRecords';
import { type AmiliInvoice, type InvoiceField, prepareInvoices } from '../../records/invoices';
import { recordOutcomes } from '../../engine/outcomes';

/**
 * Invoice → Create: input items become the `invoices[]` of `POST /orgs/{orgId}/invoices`
 * (documented, docs/amili-api.md, "Create invoices"), sent in batches exactly as payments are (engine/createRecords.ts).
 * Amili shows only part of the invoice schema; see records/invoices.ts for what is checked.
 */

const WORDING: CreateWording = {
	singular: 'invoice',
	title: 'Invoice',
	plural: 'invoices',
	keyField: 'invoiceNumber',
	exampleFields: 'invoiceNumber, originalInvoiceAmount, dueDate',
};

const text = (
	displayName: string,
	name: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	...extra,
});

/** Map Each Field: one parameter per visible Amili field. */
const FIELD_PARAMETERS: ReadonlyArray<{ field: InvoiceField; property: INodeProperties }> = [
	{
		field: 'type',
		property: text('Invoice Type', 'invoiceType', {
			default: 'NOTICE',
			required: true,
			description: "NOTICE and PAYMENT_REMINDER are the types Amili's docs show",
		}),
	},
	{
		field: 'invoiceNumber',
		property: text('Invoice Number', 'invoiceNumber', {
			default: '={{ $json.invoiceNumber }}',
			required: true,
		}),
	},
	{
		field: 'uniqueSourceInvoiceId',
		property: text('Unique Source Invoice ID', 'uniqueSourceInvoiceId', {
			description: 'The ID your own system knows the invoice by',
		}),
	},
	{ field: 'customerNumber', property: text('Customer Number', 'customerNumber') },
	{
		field: 'originalInvoiceAmount',
		property: text('Original Invoice Amount', 'originalInvoiceAmount', {
			default: '={{ $json.originalInvoiceAmount }}',
			required: true,
			placeholder: 'e.g. 4500.00',
		}),
	},
	{ field: 'currency', property: text('Currency', 'currency', { default: 'NOK', required: true }) },
	{
		field: 'invoiceDate',
		property: text('Invoice Date', 'invoiceDate', {
			default: '={{ $json.invoiceDate }}',
			required: true,
			placeholder: 'e.g. 2024-01-15',
		}),
	},
	{
		field: 'dueDate',
		property: text('Due Date', 'dueDate', {
			default: '={{ $json.dueDate }}',
			required: true,
			placeholder: 'e.g. 2024-02-15',
		}),
	},
	{
		field: 'collectionNoticeDate',
		property: text('Collection Notice Date', 'collectionNoticeDate'),
	},
	{
		field: 'vat',
		property: text('VAT', 'vat', {
			placeholder: 'true or false',
			description: 'Amili does not document its meaning',
		}),
	},
	{
		field: 'fees',
		property: text('Fees', 'fees', {
			placeholder: 'true or false',
			description: 'Amili does not document its meaning',
		}),
	},
	{ field: 'description', property: text('Description', 'description') },
];

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

const properties: INodeProperties[] = [
	mappingModeProperty(WORDING),
	...mappedFields(
		'Each input item needs type, invoiceNumber, originalInvoiceAmount, currency, invoiceDate and dueDate; these and uniqueSourceInvoiceId, customerNumber, collectionNoticeDate, vat, fees and description are checked. Amili does not show the rest of its invoice schema (the debtor, for one), so every other field of the item is sent as it is.',
		FIELD_PARAMETERS,
		JSON_PARAMETER,
	),
	createOptionsProperty(WORDING),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['invoice'], operation: ['create'] } },
	properties,
);

const INVOICES: RecordKind<AmiliInvoice> = {
	...WORDING,
	keyOf: (invoice) => invoice.invoiceNumber,
	jsonParameter: JSON_PARAMETER,
	jsonExample: '{ "invoiceNumber": "INV-1", ... }',
	fieldParameters: FIELD_PARAMETERS,
	prepare: prepareInvoices,
	body: (_organizationId, invoices) => ({ invoices: invoices as IDataObject[] }),
	outcomes: (batch, invoices) =>
		recordOutcomes(batch, invoices, ['uniqueSourceInvoiceId', 'invoiceNumber']),
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await createRecords.call(this, INVOICES);
}
