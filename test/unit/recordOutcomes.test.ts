/** batches/recordOutcomes.ts: a finished batch matched back to the invoices and corrections submitted (payments: paymentEvidence.test.ts). */
import type { BatchResult } from '../../nodes/Amili/batches/batchResult';
import { recordOutcomes } from '../../nodes/Amili/batches/recordOutcomes';

const INVOICE_ID = '4f163819-178d-470c-a246-d6768476a6ec';

const batch = (status: string, succeeded: object[], failed: object[]): BatchResult => ({
	batchId: 'b',
	status,
	final: true,
	statusFromAmili: true,
	succeeded: succeeded as BatchResult['succeeded'],
	failed: failed as BatchResult['failed'],
});

describe('recordOutcomes', () => {
	const submitted = [{ invoiceNumber: 'A' }, { invoiceNumber: 'B' }, { invoiceNumber: 'C' }];

	it('matches by request index first, then by key field, and reports what Amili gives for successes', () => {
		const outcomes = recordOutcomes(
			batch(
				'PARTIAL',
				[{ invoiceNumber: 'A', invoiceId: INVOICE_ID, caseId: 'c1' }],
				[
					{ objectindex: 2, message: 'bad debtor' },
					{ invoiceNumber: 'B', reason: 'duplicate' },
				],
			),
			submitted,
			['invoiceNumber'],
		);
		expect(outcomes).toEqual([
			{ failed: false, details: { invoiceNumber: 'A', invoiceId: INVOICE_ID, caseId: 'c1' } },
			{ failed: true, reason: 'duplicate' },
			{ failed: true, reason: 'bad debtor' },
		]);
	});

	it("gives unmentioned records the batch's fate", () => {
		expect(recordOutcomes(batch('FAILED', [], []), submitted, ['invoiceNumber'])[0]).toEqual({
			failed: true,
			reason: 'The whole batch FAILED at Amili',
		});
		expect(recordOutcomes(batch('SUCCESS', [], []), submitted, [])[0]).toEqual({ failed: false });
	});
});
