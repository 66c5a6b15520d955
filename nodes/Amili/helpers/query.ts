import type { IDataObject } from 'n8n-workflow';

/**
 * Filters as the user sets them → the query parameters Amili names (docs/amili-api.md, "List
 * batches", "List invoices", "List settlements", "List cases"). Empty filters are left out. Date
 * formats are not documented: date-time filters are sent as ISO 8601 in UTC, date filters
 * (settlements: a settlement has a date, not a time) as YYYY-MM-DD.
 */

export interface QueryParameter {
	/** The query parameter, spelled as Amili's page does. */
	param: string;
	format?: 'text' | 'dateTime' | 'date';
}

/** Filter name (in the node) → query parameter. */
export type QueryMap = Readonly<Record<string, QueryParameter>>;

const ZONED = /(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * n8n's date pickers give local wall-clock text without a zone (e.g. 2025-03-09T00:00:00); that is
 * read as UTC so the query does not depend on the n8n server's time zone.
 */
export function toUtcDate(value: string): Date | undefined {
	const text = value.trim();
	const withZone = /^\d{4}-\d{2}-\d{2}$/.test(text)
		? `${text}T00:00:00Z`
		: ZONED.test(text)
			? text
			: `${text}Z`;
	const date = new Date(withZone);
	if (Number.isNaN(date.getTime())) return undefined;
	// JavaScript rolls 2025-02-30 over to March 2; a filter on a day that does not exist is a typo.
	const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})/.exec(text) ?? [];
	if (y === undefined) return date;
	const day = new Date(Date.UTC(+y, +m - 1, +d));
	return day.getUTCMonth() === +m - 1 && day.getUTCDate() === +d ? date : undefined;
}

export function filtersToQuery(filters: IDataObject, map: QueryMap): IDataObject {
	const query: IDataObject = {};
	for (const [name, { param, format = 'text' }] of Object.entries(map)) {
		const value = filters[name];
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
			continue;
		if (format === 'text') {
			query[param] = typeof value === 'string' ? value.trim() : value;
			continue;
		}
		const date = toUtcDate(String(value));
		if (!date) throw new Error(`The filter ${name} is "${String(value)}", not a date`);
		const iso = date.toISOString().replace('.000Z', 'Z');
		query[param] = format === 'date' ? iso.slice(0, 10) : iso;
	}
	return query;
}
