/** helpers/simplify.ts: a batch with its record lists counted, and Amili's envelope unwrapped. */
import { simplifyBatch, unwrapData } from '../../nodes/Amili/helpers/simplify';

const BATCH = 'ae257e86-dc53-4865-9c97-5b125a3a5ac2';

describe('simplifyBatch and unwrapData', () => {
	it('replaces succeeded/failed by their counts and keeps the rest', () => {
		expect(
			simplifyBatch({ batchId: BATCH, status: 'PARTIAL', succeeded: [{}, {}], failed: [{}] }),
		).toEqual({
			batchId: BATCH,
			status: 'PARTIAL',
			succeededCount: 2,
			failedCount: 1,
		});
		expect(simplifyBatch({ batchId: BATCH })).toEqual({
			batchId: BATCH,
			succeededCount: 0,
			failedCount: 0,
		});
	});

	it("unwraps Amili's { summary, data } envelope, and only an object data", () => {
		expect(unwrapData({ summary: { status: 'SUCCESS' }, data: { id: 1 } })).toEqual({ id: 1 });
		expect(unwrapData({ data: [1, 2] })).toEqual({ data: [1, 2] });
		expect(unwrapData(undefined)).toEqual({});
	});
});
