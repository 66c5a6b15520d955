/**
 * batches/batchOutput.ts and transport/envelope.ts: a batch as the nodes output it (simplified or
 * not, never with the engine's `final`), and Amili's envelope read once (a record, a page).
 */
import { batchOutput } from '../../nodes/Amili/batches/batchOutput';
import { pageOf, recordOf } from '../../nodes/Amili/transport/envelope';

const BATCH = 'ae257e86-dc53-4865-9c97-5b125a3a5ac2';

describe('batchOutput', () => {
	it('Simplify: replaces succeeded/failed by their counts and keeps the rest', () => {
		expect(
			batchOutput({ batchId: BATCH, status: 'PARTIAL', succeeded: [{}, {}], failed: [{}] }, true),
		).toEqual({ batchId: BATCH, status: 'PARTIAL', succeededCount: 2, failedCount: 1 });
		expect(batchOutput({ batchId: BATCH }, true)).toEqual({
			batchId: BATCH,
			succeededCount: 0,
			failedCount: 0,
		});
	});

	it("drops the engine's `final` and keeps the lists without Simplify", () => {
		expect(
			batchOutput({ batchId: BATCH, final: true, succeeded: [{}], failed: [] }, false),
		).toEqual({ batchId: BATCH, succeeded: [{}], failed: [] });
		expect(batchOutput({ batchId: BATCH, final: true, failed: [{}] }, true)).toEqual({
			batchId: BATCH,
			succeededCount: 0,
			failedCount: 1,
		});
	});
});

describe("Amili's envelope", () => {
	it('recordOf unwraps { summary, data }, and only an object data', () => {
		expect(recordOf({ summary: { status: 'SUCCESS' }, data: { id: 1 } })).toEqual({ id: 1 });
		expect(recordOf({ data: [1, 2] })).toEqual({ data: [1, 2] });
		expect(recordOf(undefined)).toEqual({});
	});

	it('pageOf reads the records and the next token; an empty or absent token is the end', () => {
		expect(pageOf({ data: [{ a: 1 }], summary: { nextPageToken: 't2' } })).toEqual({
			records: [{ a: 1 }],
			nextPageToken: 't2',
		});
		expect(pageOf({ data: [{ a: 1 }], summary: { nextPageToken: '' } })).toEqual({
			records: [{ a: 1 }],
		});
		expect(pageOf({ summary: {} })).toEqual({ records: [] });
		expect(pageOf(undefined)).toEqual({ records: [] });
	});
});
