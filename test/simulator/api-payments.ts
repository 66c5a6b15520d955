/** The payment route's handler; auth, 403 and id formats were checked by handleApi. */
import { type ApiContext, type ApiRequest, acceptBatch, optional, sameId } from './api-common';
import {
	type BatchStore,
	type BatchView,
	type FailedEntryShape,
	type FailedPaymentItem,
	type PaymentRef,
	failureReason,
} from './batches';
import type { SimResponse } from './http';
import { type AmiliPayment, checkPaymentsBody } from './payments';
import type { Recorder } from './recorder';

/** POST /orgs/{orgId}/payments: 202 and a PAYMENT batch; a payment a fail rule names fails in it,
 * its `failed` entry in the shape in force when the batch is created. */
export function createPayments(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	return acceptBatch(ctx, r, orgId, {
		type: 'PAYMENT',
		check: checkPaymentsBody,
		outcomes(payments) {
			const shape = ctx.failedEntryShape();
			const succeeded: PaymentRef[] = [];
			const failed: FailedPaymentItem[] = [];
			const failedPositions: number[] = [];
			payments.forEach((p, position) => {
				const reason = failureReason(ctx.failRules.payments, p, orgId);
				if (reason === undefined) {
					succeeded.push(paymentRef(p));
				} else {
					failed.push(failedEntry(shape, p, position, reason));
					failedPositions.push(position);
				}
			});
			return { succeeded, failed, failedPositions };
		},
		record: ({ items, ...batch }) => ctx.recorder.addPaymentBatch({ ...batch, payments: items }),
	});
}

/** A failed payment's entry in `shape` (batches.ts, FailedEntryShape); `position` is 0-based. */
export function failedEntry(
	shape: FailedEntryShape,
	p: AmiliPayment,
	position: number,
	reason: string,
): FailedPaymentItem {
	switch (shape) {
		case 'id':
			return { ...paymentRef(p), reason };
		case 'id-index0':
		case 'id-index1':
			return { ...paymentRef(p), objectindex: position + (shape === 'id-index1' ? 1 : 0), reason };
		case 'index0':
		case 'index1':
			return { objectindex: position + (shape === 'index1' ? 1 : 0), reason };
		case 'invoice':
			return { ...optional({ invoiceId: p.invoiceId, invoiceNumber: p.invoiceNumber }), reason };
		case 'empty':
			return { reason };
	}
}

/**
 * The payments terminal payment batches registered (those their `succeeded` lists), as posted, in the
 * order received, each with its batch; for one organization or all. A batch's `failed` entries may
 * not say which payment they are, so its failed positions decide (BatchStore.failedPositions).
 */
export function registeredPayments(
	recorder: Recorder,
	batches: BatchStore,
	orgId?: string,
): Array<{ payment: AmiliPayment; batch: BatchView }> {
	return recorder.paymentBatches().flatMap((record) => {
		if (orgId !== undefined && !sameId(record.orgId, orgId)) return [];
		const batch = batches.get(record.batchId);
		const failed = batches.failedPositions(record.batchId);
		if (!batch || !failed) return [];
		return record.payments
			.filter((_, position) => !failed.has(position))
			.map((payment) => ({ payment, batch }));
	});
}

function paymentRef(p: AmiliPayment): PaymentRef {
	return {
		uniqueSourcePaymentId: p.uniqueSourcePaymentId,
		...optional({ invoiceId: p.invoiceId, invoiceNumber: p.invoiceNumber }),
	};
}
