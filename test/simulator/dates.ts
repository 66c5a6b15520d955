import { isIsoDateTime } from './payments';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
	const m = DATE.exec(value);
	if (!m) return false;
	const [year, month, day] = [1, 2, 3].map((i) => Number(m[i]));
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Invoice dates come as `yyyy-MM-dd` in one docs example and as a date-time in another
 * (docs/amili-api.md, "Dates and IDs"). */
export function isDateOrDateTime(value: unknown): value is string {
	return typeof value === 'string' && (isIsoDate(value) || isIsoDateTime(value));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One end of a date filter (From/To, FromCreatedAt/ToCreatedAt, fromDate/toDate), as epoch ms, or
 * undefined when the value is neither a date nor a date-time. Not documented by Amili; our assumption:
 * both ends are inclusive, and a bare date at the `to` end means the whole day (up to 23:59:59.999 UTC).
 */
export function rangeBound(value: string, end: 'from' | 'to'): number | undefined {
	if (isIsoDate(value)) {
		const start = Date.parse(`${value}T00:00:00Z`);
		return end === 'from' ? start : start + DAY_MS - 1;
	}
	return isIsoDateTime(value) ? Date.parse(value) : undefined;
}

/** A timestamp the way the docs' examples print them: UTC, whole seconds (`2025-08-15T11:42:00Z`). */
export function isoSeconds(ms: number = Date.now()): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
