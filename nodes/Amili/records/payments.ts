import {
	describeValue,
	isEnumName,
	isMissing,
	type PreparedRecords,
	Problems,
	readAmount,
	readCurrency,
	readText,
	type RecordCheck,
} from './values';
import { readDate } from './dates';
import { prepareRecords } from './prepareRecords';

/**
 * Turning whatever an n8n item holds into the `payments[]` entries of
 * `POST /orgs/{orgId}/payments`, or into problems that say what to fix. Pure functions: no n8n, no
 * HTTP, so they are tested and measured on their own.
 *
 * Field names and types are the primary "Create new payments" page's. Which fields Amili requires
 * and how it treats amounts is not documented; the rules (records/values.ts) are ours and
 * docs/payment-node.md lists them.
 */

export { describeProblems, describeValue, type FieldProblem } from './values';

export const PAYMENT_FIELDS = [
	'invoiceId',
	'invoiceNumber',
	'uniqueSourcePaymentId',
	'type',
	'amount',
	'currency',
	'date',
	'description',
] as const;

export type PaymentField = (typeof PAYMENT_FIELDS)[number];

export interface AmiliPayment {
	invoiceId?: string;
	invoiceNumber?: string;
	uniqueSourcePaymentId: string;
	type?: number | string;
	amount: number;
	currency: string;
	date: string;
	description?: string;
}

/** The primary page shows `type: 0`, a newer one `DIRECT_PAYMENT`: both forms pass. */
function readType(
	source: Record<string, unknown>,
	problems: Problems,
): number | string | undefined {
	const value = source.type;
	if (isMissing(value)) return undefined;
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^\d+$/.test(text)) return Number(text);
		if (isEnumName(text)) return text.toUpperCase();
	}
	return problems.add(
		'type',
		`is ${describeValue(value)}, not a payment type`,
		'Leave type empty, or give a whole number (0) or a type name such as DIRECT_PAYMENT.',
	);
}

/** One item's fields (already picked from the item, whatever the mapping mode) to one payment. */
export function buildPayment(source: Record<string, unknown>): RecordCheck<AmiliPayment> {
	const problems = new Problems();
	const invoiceId = readText(source, 'invoiceId', problems);
	const invoiceNumber = readText(source, 'invoiceNumber', problems);
	const uniqueSourcePaymentId = readText(source, 'uniqueSourcePaymentId', problems);
	const type = readType(source, problems);
	const currency = readCurrency(source, problems);
	const amount = readAmount(source, 'amount', currency, problems, 'positive');
	const date = readDate(source, 'date', problems, { required: true, keepDate: false });
	const description = readText(source, 'description', problems, false, false);

	if (isMissing(source.invoiceId) && isMissing(source.invoiceNumber)) {
		problems.add(
			'invoiceId',
			'and invoiceNumber are both missing',
			'Give the Amili invoice ID (invoiceId) or your invoice number (invoiceNumber) the payment is for.',
		);
	}
	if (isMissing(source.uniqueSourcePaymentId)) {
		problems.add(
			'uniqueSourcePaymentId',
			'is missing',
			'Give each payment the ID your own system knows it by (bank transaction or ledger entry ID); it keeps the payment from being registered twice.',
		);
	}
	if (problems.items) return { problems: problems.items };

	// Amili's field order, and no keys for what the item does not have. Plain assignments: this
	// runs once per item, and object spreads cost half its time (measured at 50,000 items).
	const payment = {} as AmiliPayment;
	if (invoiceId !== undefined) payment.invoiceId = invoiceId;
	if (invoiceNumber !== undefined) payment.invoiceNumber = invoiceNumber;
	payment.uniqueSourcePaymentId = uniqueSourcePaymentId as string;
	if (type !== undefined) payment.type = type;
	payment.amount = amount as number;
	payment.currency = currency as string;
	payment.date = date as string;
	if (description !== undefined) payment.description = description;
	return { record: payment };
}

/** Every item of a run as a payment (records/prepareRecords.ts): uniqueSourcePaymentId unique in the run. */
export function preparePayments(
	sources: ReadonlyArray<Record<string, unknown> | undefined>,
): PreparedRecords<AmiliPayment> {
	return prepareRecords(sources, buildPayment, {
		singular: 'payment',
		fields: ['uniqueSourcePaymentId'],
	});
}
