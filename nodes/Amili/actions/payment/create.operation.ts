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
import { paymentOutcomes } from '../../engine/outcomes';
import { type AmiliPayment, type PaymentField, preparePayments } from '../../records/payments';

/**
 * Payment → Create: input items become the `payments[]` of `POST /orgs/{orgId}/payments`, sent in
 * batches; each 202 Accepted yields the batch Amili created. Shared by the Amili Payment node and
 * the Amili node, so both always behave the same; the behaviour is engine/createRecords.ts, shared
 * with the invoice and correction Create operations.
 */

const WORDING: CreateWording = {
	singular: 'payment',
	title: 'Payment',
	plural: 'payments',
	keyField: 'uniqueSourcePaymentId',
	exampleFields: 'amount, currency, date',
};

/** Map Each Field: one parameter per Amili field; `type` is named paymentType in the UI. */
const FIELD_PARAMETERS: ReadonlyArray<{ field: PaymentField; property: INodeProperties }> = [
	{
		field: 'invoiceId',
		property: {
			displayName: 'Invoice ID',
			name: 'invoiceId',
			type: 'string',
			default: '',
			description: "Amili's ID of the invoice paid. Give this or the invoice number.",
		},
	},
	{
		field: 'invoiceNumber',
		property: {
			displayName: 'Invoice Number',
			name: 'invoiceNumber',
			type: 'string',
			default: '={{ $json.invoiceNumber }}',
			description: 'Your number of the invoice paid. Give this or the invoice ID.',
		},
	},
	{
		field: 'uniqueSourcePaymentId',
		property: {
			displayName: 'Unique Source Payment ID',
			name: 'uniqueSourcePaymentId',
			type: 'string',
			default: '={{ $json.uniqueSourcePaymentId }}',
			required: true,
			description:
				'The ID your own system knows the payment by (bank transaction or ledger entry). Must be unique; it keeps a payment from being registered twice.',
		},
	},
	{
		field: 'type',
		property: {
			displayName: 'Payment Type',
			name: 'paymentType',
			type: 'string',
			default: '',
			placeholder: 'e.g. DIRECT_PAYMENT',
			description: 'Leave empty unless Amili told you which type to use',
		},
	},
	{
		field: 'amount',
		property: {
			displayName: 'Amount',
			name: 'amount',
			type: 'string',
			default: '={{ $json.amount }}',
			required: true,
			placeholder: 'e.g. 1250.50',
			description: 'Amount paid, greater than 0, with a dot for decimals',
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
			description: 'Three-letter ISO 4217 code, e.g. NOK',
		},
	},
	{
		field: 'date',
		property: {
			displayName: 'Payment Date',
			name: 'date',
			type: 'string',
			default: '={{ $json.date }}',
			required: true,
			placeholder: 'e.g. 2025-03-09T14:30:00Z',
			description:
				'When the payment was made: ISO 8601 with a time zone, or a date alone (YYYY-MM-DD)',
		},
	},
	{
		field: 'description',
		property: {
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
		},
	},
];

const JSON_PARAMETER: INodeProperties = {
	displayName: 'Payment (JSON)',
	name: 'paymentJson',
	type: 'json',
	default:
		'{\n  "invoiceNumber": "{{ $json.invoiceNumber }}",\n  "uniqueSourcePaymentId": "{{ $json.uniqueSourcePaymentId }}",\n  "amount": {{ $json.amount }},\n  "currency": "NOK",\n  "date": "{{ $json.date }}"\n}',
	required: true,
	description: "One payment object per input item, with Amili's field names",
};

/** The operation's own fields; Organization ID and Authentication are the node's, shared by all. */
export const properties: INodeProperties[] = [
	mappingModeProperty(WORDING),
	...mappedFields(
		'Each input item needs the fields uniqueSourcePaymentId, invoiceId or invoiceNumber, amount, currency and date; type and description are optional. Other fields are ignored. Rename fields with an Edit Fields (Set) node before this one, or choose Map Each Field.',
		FIELD_PARAMETERS,
		JSON_PARAMETER,
	),
	createOptionsProperty(WORDING),
];

/** The same fields in the Amili node, shown for Payment → Create. */
export const description = updateDisplayOptions(
	{ show: { resource: ['payment'], operation: ['create'] } },
	properties,
);

const PAYMENTS: RecordKind<AmiliPayment> = {
	...WORDING,
	keyOf: (payment) => payment.uniqueSourcePaymentId,
	jsonParameter: JSON_PARAMETER,
	jsonExample: '{ "amount": 100, ... }',
	fieldParameters: FIELD_PARAMETERS,
	prepare: preparePayments,
	// The body the primary docs show carries the organization beside the list.
	body: (organizationId, payments) => ({
		organizationId,
		payments: payments as unknown as IDataObject[],
	}),
	outcomes: paymentOutcomes,
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await createRecords.call(this, PAYMENTS);
}
