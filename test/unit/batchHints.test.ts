/** batches/batchHints.ts: Batch → Wait for Completion's hint on a PARTIAL or FAILED batch, and none otherwise. */
import type { BatchResult } from '../../nodes/Amili/batches/batchResult';
import { batchHints } from '../../nodes/Amili/batches/batchHints';

const batch = (status: string, succeeded: number, failed: number): BatchResult => ({
	batchId: 'b-1',
	status,
	final: true,
	statusFromAmili: true,
	succeeded: Array.from({ length: succeeded }, (_, i) => ({ invoiceNumber: `S-${i}` })),
	failed: Array.from({ length: failed }, (_, i) => ({ invoiceNumber: `F-${i}`, reason: 'x' })),
});

describe('batchHints', () => {
	test('PARTIAL: how many failed, where the reasons are, what to send again', () => {
		expect(batchHints(batch('PARTIAL', 3, 2))).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message:
					"Amili processed batch b-1 (PARTIAL): 2 of 5 records failed. The other 3 records went through. Amili's reason for each is in the batch's failed list (turn off Simplify to see it). Fix those records and send only them again.",
			},
		]);
	});

	test('FAILED without a failed list still says so, with no made-up count', () => {
		expect(batchHints(batch('FAILED', 0, 0))[0].message).toMatch(
			/^Amili processed batch b-1 \(FAILED\): its records failed\. Amili's reason/,
		);
	});

	test('SUCCESS: no hint', () => {
		expect(batchHints(batch('SUCCESS', 2, 0))).toEqual([]);
	});
});
