import {
	type PreparedRecords,
	Problems,
	readFreeText,
	readAmount,
	readBoolean,
	readCurrency,
	readEnumName,
	readText,
	type RecordCheck,
} from './values';
import { readDate } from './dates';
import { prepareRecords } from './prepareRecords';

/**
 * Items → the `invoices[]` of `POST /orgs/{orgId}/invoices`. Amili shows only part of the invoice
 * schema (docs/amili-api.md, "Create invoices"): the visible fields below are checked; which of them are required is not
 * documented (ours: what an invoice means nothing without). Every other field of the item (the
 * debtor block, customerNumber, …, which Amili needs but does not show) is passed through as given.
 */

export const INVOICE_FIELDS = [
	'type',
	'invoiceNumber',
	'uniqueSourceInvoiceId',
	'customerNumber',
	'originalInvoiceAmount',
	'currency',
	'invoiceDate',
	'dueDate',
	'collectionNoticeDate',
	'vat',
	'fees',
	'description',
] as const;

export type InvoiceField = (typeof INVOICE_FIELDS)[number];

export type AmiliInvoice = Record<string, unknown> & {
	type: string;
	invoiceNumber: string;
	originalInvoiceAmount: number;
	currency: string;
	invoiceDate: string;
	dueDate: string;
};

const VISIBLE = new Set<string>(INVOICE_FIELDS);

export function buildInvoice(source: Record<string, unknown>): RecordCheck<AmiliInvoice> {
	const problems = new Problems();
	const type = readEnumName(source, 'type', problems, 'NOTICE or PAYMENT_REMINDER');
	const invoiceNumber = readText(source, 'invoiceNumber', problems, true);
	const uniqueSourceInvoiceId = readText(source, 'uniqueSourceInvoiceId', problems);
	const customerNumber = readText(source, 'customerNumber', problems);
	const currency = readCurrency(source, problems);
	const originalInvoiceAmount = readAmount(
		source,
		'originalInvoiceAmount',
		currency,
		problems,
		'positive',
	);
	const invoiceDate = readDate(source, 'invoiceDate', problems, { required: true, keepDate: true });
	const dueDate = readDate(source, 'dueDate', problems, { required: true, keepDate: true });
	const collectionNoticeDate = readDate(source, 'collectionNoticeDate', problems, {
		required: false,
		keepDate: true,
	});
	const vat = readBoolean(source, 'vat', problems);
	const fees = readBoolean(source, 'fees', problems);
	const description = readFreeText(source, 'description', problems);
	if (problems.items) return { problems: problems.items };

	const passedThrough = Object.fromEntries(
		Object.entries(source).filter(([key]) => !VISIBLE.has(key)),
	);
	const invoice: AmiliInvoice = {
		type: type as string,
		invoiceNumber: invoiceNumber as string,
		...(uniqueSourceInvoiceId !== undefined && { uniqueSourceInvoiceId }),
		...(customerNumber !== undefined && { customerNumber }),
		...(vat !== undefined && { vat }),
		...(fees !== undefined && { fees }),
		originalInvoiceAmount: originalInvoiceAmount as number,
		currency: currency as string,
		invoiceDate: invoiceDate as string,
		dueDate: dueDate as string,
		...(collectionNoticeDate !== undefined && { collectionNoticeDate }),
		...(description !== undefined && { description }),
		...passedThrough,
	};
	return { record: invoice };
}

/**
 * Every item of a run as an invoice (records/prepareRecords.ts): invoiceNumber and
 * uniqueSourceInvoiceId each unique in the run, so one run never creates one invoice twice.
 */
export function prepareInvoices(
	sources: ReadonlyArray<Record<string, unknown> | undefined>,
): PreparedRecords<AmiliInvoice> {
	return prepareRecords(sources, buildInvoice, {
		singular: 'invoice',
		fields: ['invoiceNumber', 'uniqueSourceInvoiceId'],
	});
}
