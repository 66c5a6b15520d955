/**
 * trigger/polling/batchPoll.ts: which batches finished across polls, what a first (activation) poll
 * remembers without emitting, and that the remembered IDs stay bounded.
 */
import type { BatchResult } from '../../nodes/Amili/batches/batchResult';
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
} from '../../nodes/Amili/trigger/polling/batchPoll';

const BSCOPE = 'batch:org';
function batch(
	id: string,
	status: string,
	createdAt: string,
	finishedAt: string | null = null,
): BatchResult {
	const final = ['SUCCESS', 'PARTIAL', 'FAILED'].includes(status);
	return {
		batchId: id,
		status,
		final,
		statusFromAmili: true,
		createdAt,
		finishedAt,
		succeeded: [],
		failed: [],
	};
}

describe('Batches Finished across polls', () => {
	const t0 = new Date('2025-08-15T10:00:00Z');
	const t1 = new Date('2025-08-15T10:01:00Z');
	const t2 = new Date('2025-08-15T10:02:00Z');

	test('first poll: final batches are seen, QUEUED ones pending, nothing emitted', () => {
		const listed = [
			batch('q', 'QUEUED', '2025-08-15T09:59:00Z'),
			batch('s', 'SUCCESS', '2025-08-15T09:00:00Z', '2025-08-15T09:00:05Z'),
		];
		const { emit, state } = takeFinishedBatches(
			undefined,
			BSCOPE,
			listed,
			t0,
			listCutoff(undefined, t0),
		);
		expect(emit).toEqual([]);
		expect(state.seen).toEqual(['s']);
		expect(state.pending).toEqual([['q', '2025-08-15T09:59:00Z']]);
	});

	test('a pending batch that finished, and a new batch already final, are emitted once each', () => {
		const first = takeFinishedBatches(
			undefined,
			BSCOPE,
			[batch('q', 'QUEUED', '2025-08-15T09:59:00Z')],
			t0,
			listCutoff(undefined, t0),
		);
		const listed = [
			batch('n', 'PARTIAL', '2025-08-15T10:00:30Z', '2025-08-15T10:00:40Z'),
			batch('q', 'FAILED', '2025-08-15T09:59:00Z', '2025-08-15T10:00:10Z'),
		];
		const second = takeFinishedBatches(
			first.state,
			BSCOPE,
			listed,
			t1,
			listCutoff(first.state, t1),
		);
		expect(second.emit.map((b) => b.batchId)).toEqual(['q', 'n']);
		expect(second.state.pending).toEqual([]);
		const third = takeFinishedBatches(
			second.state,
			BSCOPE,
			listed,
			t2,
			listCutoff(second.state, t2),
		);
		expect(third.emit).toEqual([]);
	});

	test('an old final batch a page happens to show (created before the cutoff) is not taken for new', () => {
		const first = takeFinishedBatches(undefined, BSCOPE, [], t0, listCutoff(undefined, t0));
		const old = batch('old', 'SUCCESS', '2025-07-01T00:00:00Z', '2025-07-01T00:00:05Z');
		expect(
			takeFinishedBatches(first.state, BSCOPE, [old], t1, listCutoff(first.state, t1)).emit,
		).toEqual([]);
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
		expect(pendingToCheck(state, [batch('p1', 'QUEUED', '2025-08-15T09:00:00Z')])).toEqual([
			'p2',
			'stale',
		]);
		const result = takeFinishedBatches(state, BSCOPE, [], t1, listCutoff(state, t1), ['p2']);
		expect(result.state.pending).toEqual([['p1', '2025-08-15T09:00:00Z']]);
	});

	test('state of another scope is a first poll; a manual run shows the latest five final batches', () => {
		const state = takeFinishedBatches(undefined, BSCOPE, [], t0, 0).state;
		expect(readBatchState(state, BSCOPE)).toEqual(state);
		expect(readBatchState(state, 'batch:other')).toBeUndefined();
		const listed = [
			batch('q', 'QUEUED', '2025-08-15T10:00:00Z'),
			...Array.from({ length: 6 }, (_, i) =>
				batch(`b${6 - i}`, 'SUCCESS', `2025-08-15T0${6 - i}:00:00Z`, `2025-08-15T0${6 - i}:00:05Z`),
			),
		];
		expect(latestFinishedBatches(listed).map((b) => b.batchId)).toEqual([
			'b2',
			'b3',
			'b4',
			'b5',
			'b6',
		]);
	});
});
