import { isPlainObject } from './http';
import type { ValidationError } from './payments';

export type BodyCheck<T> =
	| { ok: true; items: T[] }
	/** 400: the body's shape is wrong (unknown or mismatching fields); 422: a value is wrong. */
	| { ok: false; status: 400 | 422; message: string; errors: ValidationError[] };

export interface ItemsBodySpec {
	/** The array field, e.g. `invoices`. */
	listField: string;
	/** Fields an item may have; undefined accepts unknown extra fields (a partly documented schema). */
	itemFields?: ReadonlySet<string>;
	/** Value problems of one item (its index is added by the caller). */
	checkItem(item: Record<string, unknown>): Array<{ field: string; message: string }>;
}

/**
 * Checks `{ [listField]: [...], organizationId? }` the way checkPaymentsBody does: shape problems first
 * (400: unknown top-level field, mismatching organizationId, unknown item field when the item schema
 * is fully known), then values (422, every problem with the item's index and field).
 */
export function checkItemsBody<T>(body: unknown, orgId: string, spec: ItemsBodySpec): BodyCheck<T> {
	if (!isPlainObject(body)) return shape([{ field: '', message: 'must be a JSON object' }]);
	const shapeErrors: ValidationError[] = [];
	for (const key of Object.keys(body)) {
		if (key !== spec.listField && key !== 'organizationId')
			shapeErrors.push({ field: key, message: 'unknown field' });
	}
	// Payments document a body organizationId; accepting it on the other writes too is our assumption.
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
	const list = body[spec.listField];
	if (Array.isArray(list) && spec.itemFields) {
		const known = spec.itemFields;
		list.forEach((item, index) => {
			if (!isPlainObject(item)) return;
			for (const key of Object.keys(item))
				if (!known.has(key)) shapeErrors.push({ index, field: key, message: 'unknown field' });
		});
	}
	if (shapeErrors.length > 0) return shape(shapeErrors);

	if (!Array.isArray(list) || list.length === 0) {
		return invalid(spec.listField, [
			{ field: spec.listField, message: 'must be a non-empty array' },
		]);
	}
	const errors = list.flatMap((item, index): ValidationError[] =>
		isPlainObject(item)
			? spec.checkItem(item).map((e) => ({ index, ...e }))
			: [{ index, field: spec.listField, message: 'must be a JSON object' }],
	);
	if (errors.length > 0) return invalid(spec.listField, errors);
	return { ok: true, items: list as T[] };
}

export function nonEmptyString(v: unknown): v is string {
	return typeof v === 'string' && v.trim() !== '';
}

export function finiteNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

export function isCurrency(v: unknown): boolean {
	return typeof v === 'string' && /^[A-Z]{3}$/.test(v);
}

/** An upper-case enum name such as `PAYMENT_REMINDER`: full enums are not documented, so any such name passes. */
export function isEnumName(v: unknown): v is string {
	return typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v);
}

function shape<T>(errors: ValidationError[]): BodyCheck<T> {
	return { ok: false, status: 400, message: 'The request body has an invalid shape', errors };
}

function invalid<T>(listField: string, errors: ValidationError[]): BodyCheck<T> {
	return {
		ok: false,
		status: 422,
		message: `${errors.length} validation error(s) in the ${listField}`,
		errors,
	};
}
