import { describeValue, isMissing, type Problems } from './values';

/**
 * Dates as Amili takes them: ISO 8601 with an explicit zone, normalised to UTC (docs/amili-api.md,
 * "Dates and IDs"). A date alone is kept as a date (`keepDate`, for calendar dates such as an
 * invoice's due date, which the docs show both ways) or read as 00:00 UTC (for instants). A date
 * alone may also be written day.month.year, as Norwegian exports and spreadsheets write it.
 *
 * A date is sent on the calendar day the source shows, never the day before or after, in fields
 * read as instants and calendar dates (`keepDate`) alike:
 * - With `Z`: as given (whole seconds unless milliseconds were given).
 * - With an offset, at midnight (`2025-03-09T00:00:00.000+01:00`, what n8n's `{{ $today }}` gives
 *   in Europe/Oslo): the date alone it shows (`2025-03-09T00:00:00Z`, or `2025-03-09` where a date
 *   is kept), as a bare `2025-03-09` is sent. Converted to UTC it would be 8 March.
 * - With an offset, at any other time: the same instant in UTC when that is on the day shown
 *   (`2025-03-09T14:00:00+01:00` is `2025-03-09T13:00:00Z`); refused, naming both days, when UTC
 *   puts it on another day (`2025-03-09T00:30:00+01:00` is 8 March in UTC): neither moving the
 *   payment a day nor dropping its time would be what the source says.
 * - A Date object has no offset of its own: it is its instant in UTC (a Date made at midnight in
 *   Oslo is 23:00 UTC the day before; the package cannot tell it from that instant).
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const CANONICAL_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
/** 9.3.2025 or 09.03.2025: day first, as dots always mean in Norwegian (and German) dates. */
const DAY_MONTH_YEAR = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
/** 03/09/2025: day first in Norway, month first in US exports. */
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DATE_EXAMPLE = 'e.g. 2025-03-09, 9.3.2025 or 2025-03-09T14:30:00Z';
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Dates outside these years are typing errors (and JavaScript dates misread years 0–99). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;
const YEAR_RANGE_FIX = `Check the year: it lies between ${FIRST_YEAR} and ${LAST_YEAR}.`;

interface DateField {
	field: string;
	value: unknown;
	problems: Problems;
	keepDate: boolean;
}

/** A date-time with an offset: the day it shows, whether at 00:00, its offset, its instant in UTC. */
interface OffsetDateTime {
	day: string;
	midnight: boolean;
	zone: string;
	instant: string;
}

function isRealDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

function isRealTime(hours: string, minutes: string, seconds: string): boolean {
	return +hours <= 23 && +minutes <= 59 && +seconds <= 59;
}

function inYearRange(year: number): boolean {
	return year >= FIRST_YEAR && year <= LAST_YEAR;
}

function isoUtc(epochMs: number): string {
	const iso = new Date(epochMs).toISOString();
	return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function readDate(
	source: Record<string, unknown>,
	field: string,
	problems: Problems,
	{ required, keepDate }: { required: boolean; keepDate: boolean },
): string | undefined {
	const value = source[field];
	if (isMissing(value)) {
		return required
			? problems.add(field, 'is missing', `Add ${field} in ISO 8601, ${DATE_EXAMPLE}.`)
			: undefined;
	}
	if (value instanceof Date) return readDateObject({ field, value, problems, keepDate });
	if (typeof value !== 'string') {
		return problems.add(
			field,
			`is ${describeValue(value)}, not a date`,
			`Give ${field} as ISO 8601 text, ${DATE_EXAMPLE}.`,
		);
	}
	return readDateText({ field, value, problems, keepDate });
}

function readDateObject({ field, value, problems }: DateField): string | undefined {
	const date = value as Date;
	if (Number.isNaN(date.getTime())) {
		return problems.add(
			field,
			'is an invalid date object',
			`Give ${field} in ISO 8601, ${DATE_EXAMPLE}.`,
		);
	}
	const year = date.getUTCFullYear();
	if (!inYearRange(year)) return problems.add(field, `is in the year ${year}`, YEAR_RANGE_FIX);
	return isoUtc(date.getTime());
}

function readDateText(date: DateField): string | undefined {
	const { field, value, problems, keepDate } = date;
	const text = (value as string).trim();
	// Already canonical (what ERPs and n8n's own dates give): checked, not re-built through Date.
	const canonical = CANONICAL_UTC.exec(text);
	if (canonical) {
		const [, y, mo, d, h, mi, s] = canonical;
		if (inYearRange(+y) && isRealDate(+y, +mo, +d) && isRealTime(h, mi, s)) return text;
	}
	const dotted = DAY_MONTH_YEAR.exec(text);
	if (dotted) return readDayMonthYear(date, dotted);
	const slashed = SLASHED.exec(text);
	if (slashed) return refuseSlashed(date, slashed);
	const year = Number(text.slice(0, 4));
	if (/^\d{4}-/.test(text) && !inYearRange(year)) {
		return problems.add(field, `is ${describeValue(value)}, in the year ${year}`, YEAR_RANGE_FIX);
	}
	const dateOnly = DATE_ONLY.exec(text);
	if (dateOnly) {
		const [, y, m, d] = dateOnly;
		if (!isRealDate(+y, +m, +d)) {
			return problems.add(
				field,
				`is ${describeValue(value)}, not a real date`,
				`Check the day and month, ${DATE_EXAMPLE}.`,
			);
		}
		return keepDate ? text : `${text}T00:00:00Z`;
	}
	return readDateTime(date, text);
}

function readDateTime(date: DateField, text: string): string | undefined {
	const { field, value, problems } = date;
	const dateTime = DATE_TIME.exec(text);
	if (!dateTime) {
		return problems.add(
			field,
			`is ${describeValue(value)}, not a date`,
			`Give ${field} as ${DATE_EXAMPLE} (a time needs year first, dashes, 24-hour time and a zone).`,
		);
	}
	const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = dateTime;
	if (!isRealDate(+y, +mo, +d) || !isRealTime(h, mi, s)) {
		return problems.add(
			field,
			`is ${describeValue(value)}, not a real date and time`,
			`Check each part, ${DATE_EXAMPLE}.`,
		);
	}
	if (zone === undefined) {
		return problems.add(
			field,
			`is ${describeValue(value)}, a time without a time zone`,
			'Add "Z" for UTC or an offset such as +01:00, or give only the date (YYYY-MM-DD).',
		);
	}
	const offsetMinutes = offsetOf(zone);
	if (offsetMinutes === undefined) {
		return problems.add(
			field,
			`is ${describeValue(value)}, with an impossible offset`,
			`Use an offset between -14:00 and +14:00.`,
		);
	}
	const ms = fraction ? Math.round(Number(fraction) * 1000) : 0;
	const instant = isoUtc(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms) - offsetMinutes * 60_000);
	if (zone.toUpperCase() === 'Z') return instant;
	const midnight = +h === 0 && +mi === 0 && +s === 0 && Number(fraction) === 0;
	return readOffsetDateTime(date, { day: `${y}-${mo}-${d}`, midnight, zone, instant });
}

/**
 * A date-time with an offset, on the day it shows (the rules at the top): at midnight the date alone,
 * else the instant in UTC if that is on the same day, else refused naming both days.
 */
function readOffsetDateTime(
	{ field, value, problems, keepDate }: DateField,
	{ day, midnight, zone, instant }: OffsetDateTime,
): string | undefined {
	if (midnight) return keepDate ? day : `${day}T00:00:00Z`;
	const utcDay = instant.slice(0, 10);
	if (utcDay === day) return instant;
	// 1900-01-01T00:30+01:00 is 1899 in UTC: only the day shown is offered then.
	const asInstant = inYearRange(+utcDay.slice(0, 4))
		? `, or ${instant} for the instant (on ${utcDay} in UTC)`
		: '';
	return problems.add(
		field,
		`is ${describeValue(value)}, on ${day} at its offset (${zone}) but on ${utcDay} in UTC, as it is sent`,
		`Give the day meant: ${day} for the day shown${asInstant}.`,
	);
}

/** 9.3.2025 as the date alone it is (2025-03-09), checked as a date alone is. */
function readDayMonthYear(
	{ field, value, problems, keepDate }: DateField,
	[, d, m, y]: string[],
): string | undefined {
	if (!inYearRange(+y)) {
		return problems.add(field, `is ${describeValue(value)}, in the year ${y}`, YEAR_RANGE_FIX);
	}
	if (!isRealDate(+y, +m, +d)) {
		return problems.add(
			field,
			`is ${describeValue(value)}, not a real date`,
			`Check the day and month (day first: 9.3.2025 is 9 March 2025).`,
		);
	}
	const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
	return keepDate ? iso : `${iso}T00:00:00Z`;
}

/**
 * Slashed dates are refused, also those with one reading (25/12/2025): a source that writes them
 * writes them every night, and taking only the days above the 12th would register some nights'
 * dates and fail others'. The message names the readings and how to write the one meant.
 */
function refuseSlashed({ field, value, problems }: DateField, [, a, b, y]: string[]): undefined {
	const iso = (month: string, day: string) =>
		`${y}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
	const readings = [
		isRealDate(+y, +b, +a) && `${iso(b, a)} (day first, ${+a}.${+b}.${y})`,
		+a !== +b && isRealDate(+y, +a, +b) && `${iso(a, b)} (month first, ${+b}.${+a}.${y})`,
	].filter((reading): reading is string => Boolean(reading));
	return problems.add(
		field,
		`is ${describeValue(value)}, with slashes: day first in some sources, month first in others`,
		readings.length > 0
			? `Write the date meant as ${readings.join(' or as ')}.`
			: `Write the date as YYYY-MM-DD or day.month.year, ${DATE_EXAMPLE}.`,
	);
}

/** Minutes east of UTC for `Z`, `+01:00`, `-0530`…; undefined for an offset no zone has. */
function offsetOf(zone: string): number | undefined {
	if (zone.toUpperCase() === 'Z') return 0;
	const digits = zone.slice(1).replace(':', '');
	const hours = +digits.slice(0, 2);
	const minutes = +(digits.slice(2) || '0');
	if (hours * 60 + minutes > 14 * 60 || minutes > 59) return undefined;
	return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
