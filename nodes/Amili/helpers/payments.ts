import { currencyMinorUnits } from './currencies';

/**
 * Turning whatever an n8n item holds into the `payments[]` entries of
 * `POST /orgs/{orgId}/payments`, or into problems that say what to fix. Pure functions: no n8n, no
 * HTTP, so they are tested and measured on their own.
 *
 * Field names and types are the primary "Create new payments" page's. Which fields Amili requires
 * and how it treats amounts is not documented; the rules below are ours and the README lists them.
 */

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

export interface FieldProblem {
	field: PaymentField;
	/** What is wrong, starting with the value seen. */
	problem: string;
	/** How to fix it, as an instruction. */
	fix: string;
}

export type PaymentCheck =
	| { payment: AmiliPayment; problems?: undefined }
	| { payment?: undefined; problems: FieldProblem[] };

const NUMBER_TEXT = /^[+-]?\d+(\.\d+)?$/;
const ENUM_TEXT = /^[A-Za-z][A-Za-z0-9_]*$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

const AMOUNT_EXAMPLE = 'e.g. 1250.50';
const DATE_EXAMPLE = 'e.g. 2025-03-09 or 2025-03-09T14:30:00Z';

function isMissing(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A short, safe rendering of a value for an error message (never a whole object). */
export function describeValue(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value instanceof Date) return 'a date object';
	if (typeof value === 'object' && value !== null) return 'an object';
	if (typeof value === 'string') {
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
	}
	return String(value);
}

class ProblemList {
	items: FieldProblem[] | undefined;

	add(field: PaymentField, problem: string, fix: string): undefined {
		(this.items ??= []).push({ field, problem, fix });
		return undefined;
	}
}

/** Identifiers and free text: strings, or whole numbers an ERP exports as numbers (invoice 10023). */
function readText(
	source: Record<string, unknown>,
	field: PaymentField,
	problems: ProblemList,
	trim: boolean,
): string | undefined {
	const value = source[field];
	if (isMissing(value)) return undefined;
	if (typeof value === 'string') return trim ? value.trim() : value;
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return problems.add(field, `is ${describeValue(value)}, not text`, `Give ${field} as text.`);
}

function readType(source: Record<string, unknown>, problems: ProblemList): number | string | undefined {
	const value = source.type;
	if (isMissing(value)) return undefined;
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^\d+$/.test(text)) return Number(text);
		if (ENUM_TEXT.test(text)) return text.toUpperCase();
	}
	return problems.add(
		'type',
		`is ${describeValue(value)}, not a payment type`,
		'Leave type empty, or give a whole number (0) or a type name such as DIRECT_PAYMENT.',
	);
}

function readCurrency(source: Record<string, unknown>, problems: ProblemList): string | undefined {
	const value = source.currency;
	if (isMissing(value)) {
		return problems.add('currency', 'is missing', 'Add a three-letter ISO 4217 code such as NOK.');
	}
	const code = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
	if (code === undefined || currencyMinorUnits(code) === undefined) {
		return problems.add(
			'currency',
			`is ${describeValue(value)}, not an ISO 4217 currency code`,
			'Use a three-letter code such as NOK, SEK or EUR.',
		);
	}
	return code;
}

function readAmount(
	source: Record<string, unknown>,
	currency: string | undefined,
	problems: ProblemList,
): number | undefined {
	const value = source.amount;
	if (isMissing(value)) {
		return problems.add('amount', 'is missing', `Add the amount paid as a number, ${AMOUNT_EXAMPLE}.`);
	}
	let amount: number;
	if (typeof value === 'number') {
		amount = value;
	} else if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) {
		amount = Number(value.trim());
	} else {
		return problems.add(
			'amount',
			`is ${describeValue(value)}, not a number`,
			`Give a number with a dot for decimals and no thousands separators, ${AMOUNT_EXAMPLE}.`,
		);
	}
	if (!Number.isFinite(amount)) {
		return problems.add('amount', `is ${describeValue(value)}`, `Give a finite number, ${AMOUNT_EXAMPLE}.`);
	}
	if (amount <= 0) {
		return problems.add(
			'amount',
			`is ${describeValue(value)}, not a positive amount`,
			'A payment registers money received: give the amount paid, greater than 0. Reverse a payment with a correction instead.',
		);
	}
	if (currency === undefined) return amount;
	const decimals = currencyMinorUnits(currency) as number;
	const scale = 10 ** decimals;
	const minorUnits = Math.round(amount * scale);
	if (!Number.isSafeInteger(minorUnits)) {
		return problems.add('amount', `is ${describeValue(value)}, too large`, 'Check the amount: it is beyond any real payment.');
	}
	// Float noise such as 0.30000000000000004 is one value written badly; a third decimal is not.
	// The noise grows with the amount (a double keeps ~16 digits), so the tolerance does too.
	const scaled = amount * scale;
	const noise = Math.min(0.01, Math.max(1e-9, Math.abs(scaled) * 4 * Number.EPSILON));
	if (Math.abs(scaled - minorUnits) > noise) {
		return problems.add(
			'amount',
			`is ${describeValue(value)}, with more decimals than ${currency} has (${decimals})`,
			`Round the amount to ${decimals} decimal${decimals === 1 ? '' : 's'}.`,
		);
	}
	if (minorUnits < 1) {
		return problems.add(
			'amount',
			`is ${describeValue(value)}, less than the smallest ${currency} amount`,
			`Give at least ${1 / scale} ${currency}.`,
		);
	}
	return minorUnits / scale;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Payment dates outside these years are typing errors (and JavaScript dates misread years 0–99). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;
const YEAR_RANGE_FIX = `Check the year: a payment date lies between ${FIRST_YEAR} and ${LAST_YEAR}.`;

function isRealDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

function isoUtc(epochMs: number): string {
	const iso = new Date(epochMs).toISOString();
	return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** ISO 8601 with an explicit zone, normalised to UTC; a bare date is that day at 00:00 UTC. */
function readDate(source: Record<string, unknown>, problems: ProblemList): string | undefined {
	const value = source.date;
	if (isMissing(value)) {
		return problems.add('date', 'is missing', `Add the payment date in ISO 8601, ${DATE_EXAMPLE}.`);
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) {
			return problems.add('date', 'is an invalid date object', `Give the payment date in ISO 8601, ${DATE_EXAMPLE}.`);
		}
		const year = value.getUTCFullYear();
		if (year < FIRST_YEAR || year > LAST_YEAR) {
			return problems.add('date', `is in the year ${year}`, YEAR_RANGE_FIX);
		}
		return isoUtc(value.getTime());
	}
	if (typeof value !== 'string') {
		return problems.add(
			'date',
			`is ${describeValue(value)}, not a date`,
			`Give the payment date as ISO 8601 text, ${DATE_EXAMPLE}.`,
		);
	}
	const text = value.trim();
	const year = Number(text.slice(0, 4));
	if (/^\d{4}-/.test(text) && (year < FIRST_YEAR || year > LAST_YEAR)) {
		return problems.add('date', `is ${describeValue(value)}, in the year ${year}`, YEAR_RANGE_FIX);
	}
	const dateOnly = DATE_ONLY.exec(text);
	if (dateOnly) {
		const [, y, m, d] = dateOnly;
		if (isRealDate(+y, +m, +d)) return `${y}-${m}-${d}T00:00:00Z`;
		return problems.add('date', `is ${describeValue(value)}, not a real date`, `Check the day and month, ${DATE_EXAMPLE}.`);
	}
	const dateTime = DATE_TIME.exec(text);
	if (!dateTime) {
		return problems.add(
			'date',
			`is ${describeValue(value)}, not an ISO 8601 date`,
			`Give the payment date as ${DATE_EXAMPLE} (year first, dashes, 24-hour time).`,
		);
	}
	const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = dateTime;
	if (!isRealDate(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) {
		return problems.add('date', `is ${describeValue(value)}, not a real date and time`, `Check each part, ${DATE_EXAMPLE}.`);
	}
	if (zone === undefined) {
		return problems.add(
			'date',
			`is ${describeValue(value)}, a time without a time zone`,
			'Add "Z" for UTC or an offset such as +01:00, or give only the date (YYYY-MM-DD).',
		);
	}
	let offsetMinutes = 0;
	if (zone.toUpperCase() !== 'Z') {
		const digits = zone.slice(1).replace(':', '');
		const hours = +digits.slice(0, 2);
		const minutes = +(digits.slice(2) || '0');
		if (hours * 60 + minutes > 14 * 60 || minutes > 59) {
			return problems.add('date', `is ${describeValue(value)}, with an impossible offset`, `Use an offset between -14:00 and +14:00, ${DATE_EXAMPLE}.`);
		}
		offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
	}
	const ms = fraction ? Math.round(Number(fraction) * 1000) : 0;
	const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms) - offsetMinutes * 60_000;
	return isoUtc(utc);
}

/** One item's fields (already picked from the item, whatever the mapping mode) to one payment. */
export function buildPayment(source: Record<string, unknown>): PaymentCheck {
	const problems = new ProblemList();
	const invoiceId = readText(source, 'invoiceId', problems, true);
	const invoiceNumber = readText(source, 'invoiceNumber', problems, true);
	const uniqueSourcePaymentId = readText(source, 'uniqueSourcePaymentId', problems, true);
	const type = readType(source, problems);
	const currency = readCurrency(source, problems);
	const amount = readAmount(source, currency, problems);
	const date = readDate(source, problems);
	const description = readText(source, 'description', problems, false);

	if (invoiceId === undefined && invoiceNumber === undefined && isMissing(source.invoiceId) && isMissing(source.invoiceNumber)) {
		problems.add(
			'invoiceId',
			'and invoiceNumber are both missing',
			'Give the Amili invoice ID (invoiceId) or your invoice number (invoiceNumber) the payment is for.',
		);
	}
	if (uniqueSourcePaymentId === undefined && isMissing(source.uniqueSourcePaymentId)) {
		problems.add(
			'uniqueSourcePaymentId',
			'is missing',
			'Give each payment the ID your own system knows it by (bank transaction or ledger entry ID); it keeps the payment from being registered twice.',
		);
	}
	if (problems.items) return { problems: problems.items };

	// Amili's field order, and no keys for what the item does not have.
	const payment: AmiliPayment = {
		...(invoiceId !== undefined && { invoiceId }),
		...(invoiceNumber !== undefined && { invoiceNumber }),
		uniqueSourcePaymentId: uniqueSourcePaymentId as string,
		...(type !== undefined && { type }),
		amount: amount as number,
		currency: currency as string,
		date: date as string,
		...(description !== undefined && { description }),
	};
	return { payment };
}

/** The problems of one item as one sentence a user can act on. */
export function describeProblems(itemIndex: number, problems: FieldProblem[]): string {
	const parts = problems.map(({ field, problem, fix }) => `"${field}" ${problem}. ${fix}`);
	return `Item ${itemIndex}: ${parts.join(' ')}`;
}

export interface PreparedPayments {
	/** Per input item: the payment, or undefined where the item has problems. */
	payments: Array<AmiliPayment | undefined>;
	/** Item index → its problems, in input order. */
	problems: Map<number, FieldProblem[]>;
}

/**
 * Every item of the run (undefined where the item could not be read), with uniqueSourcePaymentId checked across all of them: a second item with
 * the same ID is refused, so one run never registers one payment twice.
 */
export function preparePayments(
	sources: ReadonlyArray<Record<string, unknown> | undefined>,
): PreparedPayments {
	const payments: Array<AmiliPayment | undefined> = new Array(sources.length);
	const problems = new Map<number, FieldProblem[]>();
	const firstItemById = new Map<string, number>();
	for (let index = 0; index < sources.length; index++) {
		const source = sources[index];
		if (source === undefined) continue; // unreadable; the caller has reported it
		const check = buildPayment(source);
		if (check.problems) {
			problems.set(index, check.problems);
			// A refused item still claims its ID: a later twin is more likely a copy than a new payment.
			const id = readText(source, 'uniqueSourcePaymentId', new ProblemList(), true);
			if (id !== undefined && !firstItemById.has(id)) firstItemById.set(id, index);
			continue;
		}
		const id = check.payment.uniqueSourcePaymentId;
		const first = firstItemById.get(id);
		if (first !== undefined) {
			problems.set(index, [
				{
					field: 'uniqueSourcePaymentId',
					problem: `${describeValue(id)} is already used by item ${first}`,
					fix: 'Each payment needs its own uniqueSourcePaymentId: remove the duplicate item or correct its ID.',
				},
			]);
			continue;
		}
		firstItemById.set(id, index);
		payments[index] = check.payment;
	}
	return { payments, problems };
}
