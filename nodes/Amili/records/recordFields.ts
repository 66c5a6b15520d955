import type { CorrectionField } from './corrections';
import type { InvoiceField } from './invoices';
import type { PaymentField } from './payments';

/**
 * The fields a user maps, per record kind, written once: node version 1 builds its Map Each Field
 * parameters from these tables and version 2 the schema of n8n's field mapper, so the two cannot
 * drift. Pure data in Amili's field order; the field lists they follow are the records' own
 * (PAYMENT_FIELDS, …), and a unit test holds the tables to them.
 */

export interface RecordField<F extends string = string> {
	/** Amili's field name: the key of the record read and the mapper's field ID. */
	field: F;
	/** In plain words, as both versions show it. */
	displayName: string;
	/** Required by our validation (Amili does not say): marked in both versions. */
	required?: boolean;
	/**
	 * The mapper's type: 'number' for amounts (a number input; text such as "1250.50" mapped by an
	 * expression still reaches our validation unchanged, as the engine reads each field by its own
	 * path, which n8n does not type-check). Dates stay text: n8n's date picker gives a time without a
	 * zone, which our date rule refuses as ambiguous (records/dates.ts).
	 */
	type?: 'number';
	placeholder?: string;
	description?: string;
	/**
	 * Version 1's parameter, as saved workflows hold it: its name (when it differs from the field's)
	 * and its default. A default that is a plain value (NOK) is also the mapper's preset; an
	 * expression default is not (in version 2 the user maps input fields by dragging them).
	 */
	v1Name?: string;
	v1Default?: string;
}

export const PAYMENT_RECORD_FIELDS: ReadonlyArray<RecordField<PaymentField>> = [
	{
		field: 'invoiceId',
		displayName: 'Invoice ID',
		description: "Amili's ID of the invoice paid. Give this or the invoice number.",
	},
	{
		field: 'invoiceNumber',
		displayName: 'Invoice Number',
		v1Default: '={{ $json.invoiceNumber }}',
		description: 'Your number of the invoice paid. Give this or the invoice ID.',
	},
	{
		field: 'uniqueSourcePaymentId',
		displayName: 'Unique Source Payment ID',
		required: true,
		v1Default: '={{ $json.uniqueSourcePaymentId }}',
		description:
			'The ID your own system knows the payment by (bank transaction or ledger entry). Must be unique; it keeps a payment from being registered twice.',
	},
	{
		field: 'type',
		displayName: 'Payment Type',
		v1Name: 'paymentType',
		placeholder: 'e.g. DIRECT_PAYMENT',
		description: 'Leave empty unless Amili told you which type to use',
	},
	{
		field: 'amount',
		displayName: 'Amount',
		required: true,
		type: 'number',
		v1Default: '={{ $json.amount }}',
		placeholder: 'e.g. 1250.50',
		description:
			'Amount paid, greater than 0: 1250.50, 1250,50, 1 250,50 or 1.250,50 (1.250 and 1,250 are refused: 1250 or 1.25?)',
	},
	{
		field: 'currency',
		displayName: 'Currency',
		required: true,
		v1Default: 'NOK',
		description: 'Three-letter ISO 4217 code, e.g. NOK',
	},
	{
		field: 'date',
		displayName: 'Payment Date',
		required: true,
		v1Default: '={{ $json.date }}',
		placeholder: 'e.g. 2025-03-09T14:30:00Z',
		description:
			'When the payment was made: a date alone (2025-03-09, 9.3.2025 or 09.03.2025, read as 00:00 UTC) or ISO 8601 with a time zone; sent on the day it shows (00:00+01:00 is that date)',
	},
	{ field: 'description', displayName: 'Description' },
];

const MEANING_NOT_DOCUMENTED = {
	placeholder: 'true or false',
	description: 'Amili does not document its meaning',
};

export const INVOICE_RECORD_FIELDS: ReadonlyArray<RecordField<InvoiceField>> = [
	{
		field: 'type',
		displayName: 'Invoice Type',
		v1Name: 'invoiceType',
		required: true,
		v1Default: 'NOTICE',
		description: "NOTICE and PAYMENT_REMINDER are the types Amili's docs show",
	},
	{
		field: 'invoiceNumber',
		displayName: 'Invoice Number',
		required: true,
		v1Default: '={{ $json.invoiceNumber }}',
	},
	{
		field: 'uniqueSourceInvoiceId',
		displayName: 'Unique Source Invoice ID',
		description: 'The ID your own system knows the invoice by',
	},
	{ field: 'customerNumber', displayName: 'Customer Number' },
	{
		field: 'originalInvoiceAmount',
		displayName: 'Original Invoice Amount',
		required: true,
		type: 'number',
		v1Default: '={{ $json.originalInvoiceAmount }}',
		placeholder: 'e.g. 4500.00',
		description: '4500.00, 4500,00 or 4 500,00 (4.500 and 4,500 are refused: 4500 or 4.5?)',
	},
	{ field: 'currency', displayName: 'Currency', required: true, v1Default: 'NOK' },
	{
		field: 'invoiceDate',
		displayName: 'Invoice Date',
		required: true,
		v1Default: '={{ $json.invoiceDate }}',
		placeholder: 'e.g. 2024-01-15',
		description: 'YYYY-MM-DD or day.month.year (15.1.2024)',
	},
	{
		field: 'dueDate',
		displayName: 'Due Date',
		required: true,
		v1Default: '={{ $json.dueDate }}',
		placeholder: 'e.g. 2024-02-15',
		description: 'YYYY-MM-DD or day.month.year (15.2.2024)',
	},
	{ field: 'collectionNoticeDate', displayName: 'Collection Notice Date' },
	{ field: 'vat', displayName: 'VAT', ...MEANING_NOT_DOCUMENTED },
	{ field: 'fees', displayName: 'Fees', ...MEANING_NOT_DOCUMENTED },
	{ field: 'description', displayName: 'Description' },
];

/** Version 1's names differ from Payment → Create's where their defaults differ. */
export const CORRECTION_RECORD_FIELDS: ReadonlyArray<RecordField<CorrectionField>> = [
	{
		field: 'invoiceId',
		displayName: 'Invoice ID',
		v1Name: 'correctionInvoiceId',
		required: true,
		v1Default: '={{ $json.invoiceId }}',
		description: "Amili's ID (a UUID) of the invoice to correct",
	},
	{
		field: 'amount',
		displayName: 'Amount',
		v1Name: 'correctionAmount',
		required: true,
		type: 'number',
		v1Default: '={{ $json.amount }}',
		placeholder: 'e.g. -250.00',
		description:
			'Amount to correct by: -250.00, -250,00 or -1 250,00 (-1.250 and -1,250 are refused: -1250 or -1.25?). Amili does not document the sign convention.',
	},
	{ field: 'currency', displayName: 'Currency', required: true, v1Default: 'NOK' },
	{
		field: 'date',
		displayName: 'Date',
		v1Name: 'correctionDate',
		required: true,
		v1Default: '={{ $json.date }}',
		placeholder: 'e.g. 2025-03-09T14:30:00Z',
		description:
			'ISO 8601 with a time zone, or a date alone (2025-03-09, 9.3.2025 or 09.03.2025, read as 00:00 UTC); sent on the day it shows (00:00+01:00 is that date)',
	},
	{ field: 'description', displayName: 'Description' },
];
