/** batches/recordOutcomes.ts: a finished batch matched back to the records submitted, for every record kind. */
import type { BatchResult } from '../../nodes/Amili/batches/batchResult';
import { paymentOutcomes, recordOutcomes } from '../../nodes/Amili/batches/recordOutcomes';

const INVOICE_ID = '4f163819-178d-470c-a246-d6768476a6ec';

const batch = (status: string, succeeded: object[], failed: object[]): BatchResult => ({
	batchId: 'b',
	status,
	final: true,
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

describe('paymentOutcomes', () => {
	const submitted = [
		{ uniqueSourcePaymentId: 'tx-1', invoiceNumber: 'A' },
		{ uniqueSourcePaymentId: 'tx-2', invoiceNumber: 'B' },
		{ uniqueSourcePaymentId: 'tx-3', invoiceNumber: 'C' },
	];

	it('matches by uniqueSourcePaymentId first, then request index, then invoice for an entry naming no payment', () => {
		const outcomes = paymentOutcomes(
			batch(
				'PARTIAL',
				[],
				[
					{ uniqueSourcePaymentId: 'tx-3', objectindex: 0, error: 'unknown invoice' },
					{ invoiceNumber: 'B', errorMessage: 'closed' },
				],
			),
			submitted,
		);
		expect(outcomes).toEqual([
			{ failed: true, reason: 'unknown invoice' },
			{ failed: true, reason: 'closed' },
			{ failed: true, reason: 'unknown invoice' },
		]);
	});

	it('fails the payments of a FAILED batch except those Amili lists as succeeded', () => {
		expect(
			paymentOutcomes(batch('FAILED', [{ uniqueSourcePaymentId: 'tx-2' }], []), submitted),
		).toEqual([
			{ failed: true, reason: 'The whole batch FAILED at Amili' },
			{ failed: false },
			{ failed: true, reason: 'The whole batch FAILED at Amili' },
		]);
		expect(paymentOutcomes(batch('PARTIAL', [], [{ objectindex: 1 }]), submitted)[1]).toEqual({
			failed: true,
			reason: 'Amili reports the payment as failed (batch PARTIAL)',
		});
	});
});
