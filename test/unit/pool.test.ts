/**
 * create/pool.ts: tasks start in index order, never more than the limit at once, and after a stop
 * nothing new starts while everything started is still awaited.
 */
import { inPool } from '../../nodes/Amili/create/pool';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('inPool', () => {
	test('starts every task once, in index order, at most `limit` at a time', async () => {
		const started: number[] = [];
		let running = 0;
		let most = 0;
		await inPool(
			7,
			3,
			async (index) => {
				started.push(index);
				most = Math.max(most, ++running);
				await tick(index % 2 === 0 ? 20 : 5); // answers come back out of order
				running--;
			},
			() => false,
		);
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(most).toBe(3);
	});

	test('after a stop nothing new starts, and the tasks already started are awaited', async () => {
		const finished: number[] = [];
		let stop = false;
		await inPool(
			10,
			3,
			async (index) => {
				await tick(index === 1 ? 1 : 30);
				finished.push(index);
				if (index === 1) stop = true; // task 1 fails while 0 and 2 are in flight
			},
			() => stop,
		);
		expect(finished.sort()).toEqual([0, 1, 2]);
	});

	test('runs nothing for no tasks', async () => {
		const work = jest.fn(async () => {});
		await inPool(0, 4, work, () => false);
		expect(work).not.toHaveBeenCalled();
	});
});
