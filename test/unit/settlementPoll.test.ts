/**
 * trigger/polling/settlementPoll.ts: which settlements are new across polls, what a first (activation) poll
 * remembers without emitting, and that the remembered IDs stay bounded.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	latestSettlements,
	readSettlementState,
	settlementFromDate,
	takeNewSettlements,
} from '../../nodes/Amili/trigger/polling/settlementPoll';

const SCOPE = 'settlement:org';
const settlement = (id: string, settlementDate: string): IDataObject => ({
	settlementId: id,
	settlementDate,
	amount: 1,
});

describe('New Settlements across polls', () => {
	const t0 = new Date('2025-08-15T10:00:00Z');
	const t1 = new Date('2025-08-15T10:01:00Z');
	const t2 = new Date('2025-08-16T00:01:00Z');

	test('a first poll emits nothing and remembers what is there; later polls emit each new one once', () => {
		const first = takeNewSettlements(
			undefined,
			SCOPE,
			[settlement('a', '2025-08-15')],
			'2025-08-14',
			t0,
		);
		expect(first.emit).toEqual([]);
		expect(first.state.seen).toEqual([['a', '2025-08-15']]);

		const second = takeNewSettlements(
			first.state,
			SCOPE,
			[settlement('a', '2025-08-15'), settlement('b', '2025-08-15')],
			settlementFromDate(first.state, t1, 1),
			t1,
		);
		expect(second.emit.map((s) => s.settlementId)).toEqual(['b']);

		const third = takeNewSettlements(
			second.state,
			SCOPE,
			[settlement('a', '2025-08-15'), settlement('b', '2025-08-15'), settlement('c', '2025-08-16')],
			settlementFromDate(second.state, t2, 1),
			t2,
		);
		expect(third.emit.map((s) => s.settlementId)).toEqual(['c']);
		expect(third.state.lastPollAt).toBe(t2.toISOString());
	});

	test("fromDate is the last poll's UTC date minus the look-back; a first poll starts today", () => {
		const state = takeNewSettlements(undefined, SCOPE, [], '2025-08-15', t0).state;
		expect(settlementFromDate(state, t2, 0)).toBe('2025-08-15');
		expect(settlementFromDate(state, t2, 1)).toBe('2025-08-14');
		expect(settlementFromDate(undefined, t2, 0)).toBe('2025-08-16');
	});

	test('IDs whose date left the window are forgotten; IDs are compared without case', () => {
		const previous = {
			version: 1,
			scope: SCOPE,
			lastPollAt: t0.toISOString(),
			seen: [
				['old', '2025-08-01'],
				['x', '2025-08-15'],
			] as Array<[string, string]>,
		};
		const result = takeNewSettlements(
			previous,
			SCOPE,
			[settlement('X', '2025-08-15')],
			'2025-08-14',
			t1,
		);
		expect(result.emit).toEqual([]);
		expect(result.state.seen).toEqual([['x', '2025-08-15']]);
	});

	test('a settlement dated before the window is ignored (it would come back every poll)', () => {
		const previous = takeNewSettlements(undefined, SCOPE, [], '2025-08-15', t0).state;
		expect(
			takeNewSettlements(previous, SCOPE, [settlement('z', '2025-01-01')], '2025-08-14', t1).emit,
		).toEqual([]);
	});

	test('emits oldest date first; remembered IDs are capped', () => {
		const previous = takeNewSettlements(undefined, SCOPE, [], '2025-08-14', t0).state;
		const records = [
			settlement('b', '2025-08-16'),
			settlement('a', '2025-08-15'),
			settlement('c', '2025-08-16'),
		];
		const result = takeNewSettlements(previous, SCOPE, records, '2025-08-14', t1, 2);
		expect(result.emit.map((s) => s.settlementId)).toEqual(['a', 'b', 'c']);
		expect(result.state.seen.map(([id]) => id)).toEqual(['b', 'c']);
	});

	test('state of another organization or mode, or unreadable state, means a first poll', () => {
		const state = takeNewSettlements(undefined, SCOPE, [], '2025-08-15', t0).state;
		expect(readSettlementState(state, SCOPE)).toEqual(state);
		expect(readSettlementState(state, 'settlement:other')).toBeUndefined();
		expect(readSettlementState({ ...state, lastPollAt: 'never' }, SCOPE)).toBeUndefined();
		expect(readSettlementState(undefined, SCOPE)).toBeUndefined();
	});

	test('a manual run shows the latest five', () => {
		const records = Array.from({ length: 8 }, (_, i) =>
			settlement(`s${i}`, `2025-08-0${i + 1}`),
		).reverse();
		expect(latestSettlements(records).map((s) => s.settlementId)).toEqual([
			's3',
			's4',
			's5',
			's6',
			's7',
		]);
	});
});
