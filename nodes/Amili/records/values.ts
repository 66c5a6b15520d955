import { readAmountText } from './amountText';
import { currencyMinorUnits } from './currencies';

/**
 * Field readers for every record the node creates (payments, invoices, corrections): one value in,
 * the value Amili gets or a problem (what is wrong, how to fix it) out. Pure. One set of rules
 * (amounts as records/amountText.ts reads them, currency decimals, ISO 4217, dates as records/dates.ts
 * reads them, years 1900–2999), so the three Create operations accept the same input the same way.
 */

export interface FieldProblem {
	field: string;
	/** What is wrong, starting with the value seen. */
	problem: string;
	/** How to fix it, as an instruction. */
	fix: string;
}

/** One item's fields read into one record (payment, invoice, correction), or what stops it. */
export type RecordCheck<R> =
	{ record: R; problems?: undefined } | { record?: undefined; problems: FieldProblem[] };

/** A run's items read into records: the one prepared shape of every record kind. */
export interface PreparedRecords<R> {
	/** Per input item: the record, or undefined where the item has problems or could not be read. */
	records: Array<R | undefined>;
	/** Item index → its problems, in input order. */
	problems: Map<number, FieldProblem[]>;
	/**
	 * Item index → the earlier item it repeats exactly (the same unique fields, the same content but
	 * for free text): also in `problems`, as version 1 refuses it; from version 2 the same record,
	 * not sent twice (create/readItems.ts).
	 */
	twins: Map<number, number>;
}

/** Collects the problems of one record while its fields are read. */
export class Problems {
	items: FieldProblem[] | undefined;

	add(field: string, problem: string, fix: string): undefined {
		(this.items ??= []).push({ field, problem, fix });
		return undefined;
	}
}

const ENUM_TEXT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A name such as DIRECT_PAYMENT or NOTICE (Amili's enum lists are not documented). */
export function isEnumName(text: string): boolean {
	return ENUM_TEXT.test(text);
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

export function isMissing(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

type Source = Record<string, unknown>;

/** Text, or a whole number an ERP exports as a number (invoice 10023). Free text keeps its spaces. */
/** Optional free text (a description): any string, kept as given; absent, null or empty is none. */
export function readFreeText(
	source: Source,
	field: string,
	problems: Problems,
): string | undefined {
	const value = source[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return value;
	return problems.add(field, `is ${describeValue(value)}, not text`, `Give ${field} as text.`);
}

export function readText(
	source: Source,
	field: string,
	problems: Problems,
	required = false,
	trim = true,
): string | undefined {
	const value = source[field];
	if (isMissing(value)) {
		return required ? problems.add(field, 'is missing', `Add ${field} as text.`) : undefined;
	}
	if (typeof value === 'string') return trim ? value.trim() : value;
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return problems.add(field, `is ${describeValue(value)}, not text`, `Give ${field} as text.`);
}

export function readUuid(source: Source, field: string, problems: Problems): string | undefined {
	const value = source[field];
	if (isMissing(value))
		return problems.add(field, 'is missing', `Add Amili's ID (a UUID) as ${field}.`);
	const text = typeof value === 'string' ? value.trim() : '';
	if (isUuid(text)) return text;
	return problems.add(
		field,
		`is ${describeValue(value)}, not a UUID`,
		`Give Amili's ID, e.g. 4f163819-178d-470c-a246-d6768476a6ec (Invoice → Get Many shows it as id).`,
	);
}

/** An upper-case enum name such as NOTICE; the full lists are not documented, so any name passes. */
export function readEnumName(
	source: Source,
	field: string,
	problems: Problems,
	example: string,
): string | undefined {
	const value = source[field];
	if (isMissing(value)) return problems.add(field, 'is missing', `Add ${field}, e.g. ${example}.`);
	if (typeof value === 'string' && ENUM_TEXT.test(value.trim())) return value.trim().toUpperCase();
	return problems.add(
		field,
		`is ${describeValue(value)}, not a type name`,
		`Give a name such as ${example}.`,
	);
}

/** true/false, also as the text an export gives ("true", "false"). */
export function readBoolean(
	source: Source,
	field: string,
	problems: Problems,
): boolean | undefined {
	const value = source[field];
	if (isMissing(value)) return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
		return value.trim().toLowerCase() === 'true';
	return problems.add(
		field,
		`is ${describeValue(value)}, not true or false`,
		`Give ${field} as true or false.`,
	);
}

export function readCurrency(source: Source, problems: Problems): string | undefined {
	const value = source.currency;
	if (isMissing(value))
		return problems.add('currency', 'is missing', 'Add a three-letter ISO 4217 code such as NOK.');
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

/**
 * A money amount with at most the currency's decimals (float noise such as 0.30000000000000004 is
 * rounded). `sign`: 'positive' refuses 0 and below; 'nonZero' allows negatives (a correction's
 * sign convention is not documented, so both directions pass).
 */
export function readAmount(
	source: Source,
	field: string,
	currency: string | undefined,
	problems: Problems,
	sign: 'positive' | 'nonZero',
): number | undefined {
	const value = source[field];
	const example = 'e.g. 1250.50';
	if (isMissing(value))
		return problems.add(field, 'is missing', `Add ${field} as a number, ${example}.`);
	let amount: number;
	if (typeof value === 'number') amount = value;
	else if (typeof value === 'string') {
		const text = readAmountText(value);
		if ('problem' in text)
			return problems.add(field, `is ${describeValue(value)}${text.problem}`, text.fix);
		amount = text.value;
	} else {
		return problems.add(
			field,
			`is ${describeValue(value)}, not a number`,
			`Give a number, ${example}.`,
		);
	}
	if (!Number.isFinite(amount))
		return problems.add(field, `is ${describeValue(value)}`, `Give a finite number, ${example}.`);
	if (sign === 'positive' && amount <= 0) {
		return problems.add(
			field,
			`is ${describeValue(value)}, not a positive amount`,
			'Give an amount greater than 0.',
		);
	}
	if (sign === 'nonZero' && amount === 0) {
		return problems.add(
			field,
			'is 0, which changes nothing',
			'Give the amount to correct by, other than 0.',
		);
	}
	if (currency === undefined) return amount;
	const decimals = currencyMinorUnits(currency) as number;
	const scale = 10 ** decimals;
	const minorUnits = Math.round(amount * scale);
	if (!Number.isSafeInteger(minorUnits)) {
		return problems.add(
			field,
			`is ${describeValue(value)}, too large`,
			'Check the amount: it is beyond any real one.',
		);
	}
	// The noise of a double grows with the amount (~16 digits kept), so the tolerance does too.
	const scaled = amount * scale;
	const noise = Math.min(0.01, Math.max(1e-9, Math.abs(scaled) * 4 * Number.EPSILON));
	if (Math.abs(scaled - minorUnits) > noise) {
		return problems.add(
			field,
			`is ${describeValue(value)}, with more decimals than ${currency} has (${decimals})`,
			`Round the amount to ${decimals} decimal${decimals === 1 ? '' : 's'}.`,
		);
	}
	if (minorUnits === 0) {
		return problems.add(
			field,
			`is ${describeValue(value)}, less than the smallest ${currency} amount`,
			`Give at least ${1 / scale} ${currency}.`,
		);
	}
	return minorUnits / scale;
}

/** The problems of one item as one sentence a user can act on (the payments' wording). */
export function describeProblems(itemIndex: number, problems: FieldProblem[]): string {
	return `Item ${itemIndex}: ${problems.map(({ field, problem, fix }) => `"${field}" ${problem}. ${fix}`).join(' ')}`;
}
