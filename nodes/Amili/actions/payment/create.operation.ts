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
import { createOptionsProperty, type CreateWording } from '../../descriptions/createOptions';
import { createRecords, type RecordKind } from '../../create/createRecords';
import { paymentOutcomes } from '../../batches/recordOutcomes';
import { PAYMENT_RECORD_FIELDS } from '../../records/recordFields';
import { type AmiliPayment, preparePayments } from '../../records/payments';

/**
 * Payment → Create: input items become the `payments[]` of `POST /orgs/{orgId}/payments`, sent in
 * batches; each 202 Accepted yields the batch Amili created. Shared by the Amili Payment node and
 * the Amili node, so both always behave the same; the behaviour is create/createRecords.ts, shared
 * with the invoice and correction Create operations.
 */

const WORDING: CreateWording = {
	singular: 'payment',
	title: 'Payment',
	plural: 'payments',
	keyField: 'uniqueSourcePaymentId',
	exampleFields: 'amount, currency, date',
};

const JSON_PARAMETER: INodeProperties = {
	displayName: 'Payment (JSON)',
	name: 'paymentJson',
	type: 'json',
	default:
		'{\n  "invoiceNumber": "{{ $json.invoiceNumber }}",\n  "uniqueSourcePaymentId": "{{ $json.uniqueSourcePaymentId }}",\n  "amount": {{ $json.amount }},\n  "currency": "NOK",\n  "date": "{{ $json.date }}"\n}',
	required: true,
	description: "One payment object per input item, with Amili's field names",
};

/** The fields that read a record from an item (Create's, and Forget Sent's). */
const recordProperties: INodeProperties[] = [
	mappingModeProperty(WORDING),
	...mappedFields(
		'Each input item needs the fields uniqueSourcePaymentId, invoiceId or invoiceNumber, amount, currency and date; type and description are optional. Other fields are ignored. Rename fields with an Edit Fields (Set) node before this one, or choose Map Each Field.',
		PAYMENT_RECORD_FIELDS,
		'getPaymentFields',
		JSON_PARAMETER,
	),
];

/** The operation's own fields; Organization ID and Authentication are the node's, shared by all. */
export const properties: INodeProperties[] = [...recordProperties, createOptionsProperty(WORDING)];

/** The same fields in the Amili node. */
export const description = createOperationDescription('payment', WORDING, recordProperties);

export const PAYMENTS: RecordKind<AmiliPayment> = {
	...WORDING,
	keyOf: (payment) => payment.uniqueSourcePaymentId,
	jsonParameter: JSON_PARAMETER,
	jsonExample: '{ "amount": 100, ... }',
	fieldParameters: PAYMENT_RECORD_FIELDS.map(fieldParameterOf),
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
