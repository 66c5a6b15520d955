/**
 * The Amili Polling Trigger's pure parts: which settlements and batches are new across polls, what
 * a first (activation) poll remembers without emitting, and that the remembered IDs stay bounded.
 */
import type { IDataObject } from 'n8n-workflow';

import type { BatchResult } from '../../nodes/Amili/engine/batchResult';
import {
	FIRST_POLL_LOOKBACK_MS,
	latestFinishedBatches,
	listCutoff,
	OVERLAP_MS,
	pendingToCheck,
	reachedCutoff,
	readBatchState,
	takeFinishedBatches,
	type BatchState,
} from '../../nodes/Amili/trigger/batchPoll';
import {
	latestSettlements,
	readSettlementState,
	settlementFromDate,
	takeNewSettlements,
} from '../../nodes/Amili/trigger/settlementPoll';

const SCOPE = 'settlement:org';
const settlement = (id: string, settlementDate: string): IDataObject => ({ settlementId: id, settlementDate, amount: 1 });

describe('New Settlements across polls', () => {
	const t0 = new Date('2025-08-15T10:00:00Z');
	const t1 = new Date('2025-08-15T10:01:00Z');
	const t2 = new Date('2025-08-16T00:01:00Z');

	test('a first poll emits nothing and remembers what is there; later polls emit each new one once', () => {
		const first = takeNewSettlements(undefined, SCOPE, [settlement('a', '2025-08-15')], '2025-08-14', t0);
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

	test('fromDate is the last poll\'s UTC date minus the look-back; a first poll starts today', () => {
		const state = takeNewSettlements(undefined, SCOPE, [], '2025-08-15', t0).state;
		expect(settlementFromDate(state, t2, 0)).toBe('2025-08-15');
		expect(settlementFromDate(state, t2, 1)).toBe('2025-08-14');
		expect(settlementFromDate(undefined, t2, 0)).toBe('2025-08-16');
	});

	test('IDs whose date left the window are forgotten; IDs are compared without case', () => {
		const previous = { version: 1, scope: SCOPE, lastPollAt: t0.toISOString(), seen: [['old', '2025-08-01'], ['x', '2025-08-15']] as Array<[string, string]> };
		const result = takeNewSettlements(previous, SCOPE, [settlement('X', '2025-08-15')], '2025-08-14', t1);
		expect(result.emit).toEqual([]);
		expect(result.state.seen).toEqual([['x', '2025-08-15']]);
	});

	test('a settlement dated before the window is ignored (it would come back every poll)', () => {
		const previous = takeNewSettlements(undefined, SCOPE, [], '2025-08-15', t0).state;
		expect(takeNewSettlements(previous, SCOPE, [settlement('z', '2025-01-01')], '2025-08-14', t1).emit).toEqual([]);
	});

	test('emits oldest date first; remembered IDs are capped', () => {
		const previous = takeNewSettlements(undefined, SCOPE, [], '2025-08-14', t0).state;
		const records = [settlement('b', '2025-08-16'), settlement('a', '2025-08-15'), settlement('c', '2025-08-16')];
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
		const records = Array.from({ length: 8 }, (_, i) => settlement(`s${i}`, `2025-08-0${i + 1}`)).reverse();
		expect(latestSettlements(records).map((s) => s.settlementId)).toEqual(['s3', 's4', 's5', 's6', 's7']);
	});
});

const BSCOPE = 'batch:org';
function batch(id: string, status: string, createdAt: string, finishedAt: string | null = null): BatchResult {
	const final = ['SUCCESS', 'PARTIAL', 'FAILED'].includes(status);
	return { batchId: id, status, final, createdAt, finishedAt, succeeded: [], failed: [] };
}

describe('Batches Finished across polls', () => {
	const t0 = new Date('2025-08-15T10:00:00Z');
	const t1 = new Date('2025-08-15T10:01:00Z');
	const t2 = new Date('2025-08-15T10:02:00Z');

	test('first poll: final batches are seen, QUEUED ones pending, nothing emitted', () => {
		const listed = [batch('q', 'QUEUED', '2025-08-15T09:59:00Z'), batch('s', 'SUCCESS', '2025-08-15T09:00:00Z', '2025-08-15T09:00:05Z')];
		const { emit, state } = takeFinishedBatches(undefined, BSCOPE, listed, t0, listCutoff(undefined, t0));
		expect(emit).toEqual([]);
		expect(state.seen).toEqual(['s']);
		expect(state.pending).toEqual([['q', '2025-08-15T09:59:00Z']]);
	});

	test('a pending batch that finished, and a new batch already final, are emitted once each', () => {
		const first = takeFinishedBatches(undefined, BSCOPE, [batch('q', 'QUEUED', '2025-08-15T09:59:00Z')], t0, listCutoff(undefined, t0));
		const listed = [
			batch('n', 'PARTIAL', '2025-08-15T10:00:30Z', '2025-08-15T10:00:40Z'),
			batch('q', 'FAILED', '2025-08-15T09:59:00Z', '2025-08-15T10:00:10Z'),
		];
		const second = takeFinishedBatches(first.state, BSCOPE, listed, t1, listCutoff(first.state, t1));
		expect(second.emit.map((b) => b.batchId)).toEqual(['q', 'n']);
		expect(second.state.pending).toEqual([]);
		const third = takeFinishedBatches(second.state, BSCOPE, listed, t2, listCutoff(second.state, t2));
		expect(third.emit).toEqual([]);
	});

	test('an old final batch a page happens to show (created before the cutoff) is not taken for new', () => {
		const first = takeFinishedBatches(undefined, BSCOPE, [], t0, listCutoff(undefined, t0));
		const old = batch('old', 'SUCCESS', '2025-07-01T00:00:00Z', '2025-07-01T00:00:05Z');
		expect(takeFinishedBatches(first.state, BSCOPE, [old], t1, listCutoff(first.state, t1)).emit).toEqual([]);
	});

	test('the cutoff is the last poll minus an overlap, or a day back on a first poll', () => {
		const state = takeFinishedBatches(undefined, BSCOPE, [], t0, 0).state;
		expect(listCutoff(state, t1)).toBe(t0.getTime() - OVERLAP_MS);
		expect(listCutoff(undefined, t1)).toBe(t1.getTime() - FIRST_POLL_LOOKBACK_MS);
		expect(reachedCutoff([batch('a', 'QUEUED', '2025-08-15T09:00:00Z')], t0.getTime())).toBe(true);
		expect(reachedCutoff([batch('a', 'QUEUED', '2025-08-15T10:30:00Z')], t0.getTime())).toBe(false);
	});

	test('pending batches the list did not show are read one by one; gone ones (404) are dropped; stale ones expire', () => {
		const state: BatchState = {
			version: 1,
			scope: BSCOPE,
			lastPollAt: t0.toISOString(),
			seen: [],
			pending: [
				['p1', '2025-08-15T09:00:00Z'],
				['p2', '2025-08-15T09:00:00Z'],
				['stale', '2025-08-01T00:00:00Z'],
			],
		};
		expect(pendingToCheck(state, [batch('p1', 'QUEUED', '2025-08-15T09:00:00Z')])).toEqual(['p2', 'stale']);
		const result = takeFinishedBatches(state, BSCOPE, [], t1, listCutoff(state, t1), ['p2']);
		expect(result.state.pending).toEqual([['p1', '2025-08-15T09:00:00Z']]);
	});

	test('state of another scope is a first poll; a manual run shows the latest five final batches', () => {
		const state = takeFinishedBatches(undefined, BSCOPE, [], t0, 0).state;
		expect(readBatchState(state, BSCOPE)).toEqual(state);
		expect(readBatchState(state, 'batch:other')).toBeUndefined();
		const listed = [
			batch('q', 'QUEUED', '2025-08-15T10:00:00Z'),
			...Array.from({ length: 6 }, (_, i) => batch(`b${6 - i}`, 'SUCCESS', `2025-08-15T0${6 - i}:00:00Z`, `2025-08-15T0${6 - i}:00:05Z`)),
		];
		expect(latestFinishedBatches(listed).map((b) => b.batchId)).toEqual(['b2', 'b3', 'b4', 'b5', 'b6']);
	});
});
