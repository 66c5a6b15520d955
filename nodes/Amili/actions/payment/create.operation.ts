import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { paymentOutcomes } from '../../memory/paymentEvidence';
import type { CreateWording } from '../../descriptions/createOptions';
import { PAYMENT_RECORD_FIELDS } from '../../records/recordFields';
import { type AmiliPayment, preparePayments } from '../../records/payments';
import { createOperation } from '../createOperation';

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

const operation = createOperation<AmiliPayment>({
	resource: 'payment',
	wording: WORDING,
	autoMapNotice:
		'Each input item needs the fields uniqueSourcePaymentId, invoiceId or invoiceNumber, amount, currency and date; type and description are optional. Other fields are ignored. Rename fields with an Edit Fields (Set) node before this one, or choose Map Each Field.',
	fields: PAYMENT_RECORD_FIELDS,
	fieldsMethod: 'getPaymentFields',
	jsonParameter: JSON_PARAMETER,
	kind: {
		keyOf: (payment) => payment.uniqueSourcePaymentId,
		identityFields: ['uniqueSourcePaymentId'],
		jsonExample: '{ "amount": 100, ... }',
		prepare: preparePayments,
		// The body the primary docs show carries the organization beside the list.
		body: (organizationId, payments) => ({
			organizationId,
			payments: payments as unknown as IDataObject[],
		}),
		outcomes: paymentOutcomes,
	},
});

export const { properties, description, kind, execute, forgetSent, markRegistered } = operation;
