import type { IDataObject } from 'n8n-workflow';

/**
 * "New Settlements" of the Amili Polling Trigger, without n8n: which dates to ask for and which
 * settlements are new. Amili filters settlements by `settlementDate` only (a date, docs/amili-api.md, "List settlements"), not
 * by when they were created, so every poll reads the days since the last poll again (plus a look-back
 * for settlements dated earlier than the day they appear) and remembers the IDs it has seen.
 */

export const SETTLEMENT_STATE_VERSION = 1;
/** Safety cap on remembered IDs; below it, IDs leave only when their date leaves the window. */
export const MAX_SEEN_SETTLEMENTS = 10_000;
/** Manual runs show this many of the latest settlements. */
export const MANUAL_SAMPLE_SIZE = 5;
export const MANUAL_LOOKBACK_DAYS = 30;

export interface SettlementState {
	version: number;
	/** `settlement:<organizationId>`: a state of another mode or organization is started afresh. */
	scope: string;
	/** When the last poll started (ISO 8601). */
	lastPollAt: string;
	/** Seen settlements, as [id, settlementDate], in the order seen. */
	seen: Array<[string, string]>;
}

/** `YYYY-MM-DD` in UTC, `days` before `at`. */
export function utcDate(at: Date, days = 0): string {
	return new Date(at.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The stored state when it belongs to this scope, else undefined (a first poll). */
export function readSettlementState(value: unknown, scope: string): SettlementState | undefined {
	const state = value as Partial<SettlementState> | undefined;
	if (!state || state.version !== SETTLEMENT_STATE_VERSION || state.scope !== scope)
		return undefined;
	if (typeof state.lastPollAt !== 'string' || Number.isNaN(Date.parse(state.lastPollAt)))
		return undefined;
	const seen = Array.isArray(state.seen)
		? state.seen.filter(
				(entry): entry is [string, string] =>
					Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string',
			)
		: [];
	return { version: SETTLEMENT_STATE_VERSION, scope, lastPollAt: state.lastPollAt, seen };
}

/** The `fromDate` to ask Amili for: the last poll's date (UTC), `lookbackDays` earlier. */
export function settlementFromDate(
	state: SettlementState | undefined,
	now: Date,
	lookbackDays: number,
): string {
	const since = state ? new Date(state.lastPollAt) : now;
	return utcDate(since, Math.max(0, Math.floor(lookbackDays)));
}

export function settlementIdOf(record: IDataObject): string {
	for (const key of ['settlementId', 'id']) {
		const value = record[key];
		if (typeof value === 'string' && value !== '') return value.toLowerCase();
	}
	// No ID at all (not seen in the docs): the record itself identifies it.
	return `record:${JSON.stringify(record)}`;
}

function dateOf(record: IDataObject): string {
	const value = record.settlementDate;
	return typeof value === 'string' ? value.slice(0, 10) : '';
}

/** Oldest settlement date first; records without a date keep their place at the start. */
export function byDate(records: IDataObject[]): IDataObject[] {
	return records
		.map((record, index) => ({ record, index }))
		.sort((a, b) => dateOf(a.record).localeCompare(dateOf(b.record)) || a.index - b.index)
		.map(({ record }) => record);
}

export interface SettlementPollResult {
	/** What to emit, oldest date first (nothing on a first poll: it starts from now). */
	emit: IDataObject[];
	state: SettlementState;
}

/**
 * Takes what Amili returned for `fromDate` onwards: emits each settlement not seen before (none on a
 * first poll, whose settlements only become "seen"), and keeps the IDs whose date is still inside the
 * window the next poll reads.
 */
export function takeNewSettlements(
	previous: SettlementState | undefined,
	scope: string,
	records: IDataObject[],
	fromDate: string,
	now: Date,
	maxSeen = MAX_SEEN_SETTLEMENTS,
): SettlementPollResult {
	const seen = new Map<string, string>(
		(previous?.seen ?? []).filter(([, date]) => date >= fromDate || date === ''),
	);
	const emit: IDataObject[] = [];
	for (const record of byDate(records)) {
		const date = dateOf(record);
		// Dated before the window: Amili should not have sent it; taking it would emit it on every poll.
		if (date !== '' && date < fromDate) continue;
		const id = settlementIdOf(record);
		if (seen.has(id)) continue;
		seen.set(id, date);
		if (previous) emit.push(record);
	}
	const entries = [...seen.entries()];
	return {
		emit,
		state: {
			version: SETTLEMENT_STATE_VERSION,
			scope,
			lastPollAt: now.toISOString(),
			seen: entries.length > maxSeen ? entries.slice(entries.length - maxSeen) : entries,
		},
	};
}

/** A manual run: the latest few settlements, newest last. */
export function latestSettlements(
	records: IDataObject[],
	count = MANUAL_SAMPLE_SIZE,
): IDataObject[] {
	const sorted = byDate(records);
	return sorted.slice(Math.max(0, sorted.length - count));
}
