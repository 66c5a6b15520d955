import { isPlainObject } from './http';
import type { BodyCheck } from './validation';

/** One payment as Amili documents it (primary page: create-new-payments-3939016e0). */
export interface AmiliPayment {
	invoiceId?: string;
	invoiceNumber?: string;
	uniqueSourcePaymentId: string;
	/** The primary page shows `0`, the newer page `DIRECT_PAYMENT`: both forms are accepted. */
	type?: number | string;
	amount: number;
	currency: string;
	date: string;
	description?: string;
}

/** One problem with a request body. `index` is the payment's position, absent for body-level problems.
 * Amili documents no error body at all: this shape is our assumption. */
export interface ValidationError {
	index?: number;
	field: string;
	message: string;
}

export type PaymentsCheck = BodyCheck<AmiliPayment>;

const PAYMENT_FIELDS = new Set([
	'invoiceId',
	'invoiceNumber',
	'uniqueSourcePaymentId',
	'type',
	'amount',
	'currency',
	'date',
	'description',
]);
const BODY_FIELDS = new Set(['organizationId', 'payments']);

/** Checks a parsed POST /orgs/{orgId}/payments body against the documented contract. */
export function checkPaymentsBody(body: unknown, orgId: string): PaymentsCheck {
	if (!isPlainObject(body))
		return shape('The body must be a JSON object', [
			{ field: '', message: 'must be a JSON object' },
		]);

	// Shape problems first (400): a field we do not know is a client bug, not a bad value.
	const shapeErrors: ValidationError[] = [];
	for (const key of Object.keys(body)) {
		if (!BODY_FIELDS.has(key)) shapeErrors.push({ field: key, message: 'unknown field' });
	}
	const bodyOrg = body.organizationId;
	if (
		bodyOrg !== undefined &&
		(typeof bodyOrg !== 'string' || bodyOrg.toLowerCase() !== orgId.toLowerCase())
	) {
		shapeErrors.push({
			field: 'organizationId',
			message: 'must equal the organization id in the path',
		});
	}
	if (Array.isArray(body.payments)) {
		body.payments.forEach((p, index) => {
			if (!isPlainObject(p)) return;
			for (const key of Object.keys(p)) {
				if (!PAYMENT_FIELDS.has(key))
					shapeErrors.push({ index, field: key, message: 'unknown field' });
			}
		});
	}
	if (shapeErrors.length > 0) return shape('The request body has an invalid shape', shapeErrors);

	if (!Array.isArray(body.payments) || body.payments.length === 0) {
		return invalid([{ field: 'payments', message: 'must be a non-empty array' }]);
	}
	const errors = body.payments.flatMap((p, index) => checkPayment(p, index));
	if (errors.length > 0) return invalid(errors);
	return { ok: true, items: body.payments as AmiliPayment[] };
}

function checkPayment(p: unknown, index: number): ValidationError[] {
	if (!isPlainObject(p)) return [{ index, field: 'payments', message: 'must be a JSON object' }];
	const errors: ValidationError[] = [];
	const err = (field: string, message: string) => errors.push({ index, field, message });

	// Which fields are required is not documented. We require what a payment cannot mean anything
	// without (an invoice reference, an id, amount, currency, date): our assumption.
	if (p.invoiceId === undefined && p.invoiceNumber === undefined) {
		err('invoiceId', 'invoiceId or invoiceNumber is required');
	}
	// The primary page types invoiceId as "string" (the newer one as uuid), so any non-empty string is accepted.
	for (const field of ['invoiceId', 'invoiceNumber'] as const) {
		if (p[field] !== undefined && !nonEmptyString(p[field]))
			err(field, 'must be a non-empty string');
	}
	if (!nonEmptyString(p.uniqueSourcePaymentId))
		err('uniqueSourcePaymentId', 'must be a non-empty string');
	if (p.type !== undefined && !validType(p.type)) {
		err('type', 'must be an integer >= 0 or an upper-case enum name such as DIRECT_PAYMENT');
	}
	// Sign and precision rules are not documented: any finite number is accepted (our assumption).
	if (typeof p.amount !== 'number' || !Number.isFinite(p.amount))
		err('amount', 'must be a finite number');
	if (typeof p.currency !== 'string' || !/^[A-Z]{3}$/.test(p.currency)) {
		err('currency', 'must be an ISO 4217 code of three upper-case letters');
	}
	if (typeof p.date !== 'string' || !isIsoDateTime(p.date)) {
		err('date', 'must be an ISO 8601 date-time with Z or an offset, e.g. 2019-08-24T14:15:22Z');
	}
	if (p.description !== undefined && typeof p.description !== 'string')
		err('description', 'must be a string');
	return errors;
}

function nonEmptyString(v: unknown): v is string {
	return typeof v === 'string' && v.trim() !== '';
}

function validType(v: unknown): boolean {
	if (typeof v === 'number') return Number.isInteger(v) && v >= 0;
	return typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v);
}

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** A date-time with a zone that names a real instant (rejects 2024-02-30, 25:00 and the like). */
export function isIsoDateTime(value: string): boolean {
	const m = DATE_TIME.exec(value);
	if (!m) return false;
	const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
		Number(m[i] ?? '0'),
	);
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (
		calendar.getUTCFullYear() !== year ||
		calendar.getUTCMonth() !== month - 1 ||
		calendar.getUTCDate() !== day
	) {
		return false;
	}
	if (hour > 23 || minute > 59 || second > 59) return false;
	if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false;
	return !Number.isNaN(Date.parse(value));
}

function shape(message: string, errors: ValidationError[]): PaymentsCheck {
	return { ok: false, status: 400, message, errors };
}

function invalid(errors: ValidationError[]): PaymentsCheck {
	return {
		ok: false,
		status: 422,
		message: `${errors.length} validation error(s) in the payments`,
		errors,
	};
}
