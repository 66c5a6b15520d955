/** The payment route's handler; auth, 403 and id formats were checked by handleApi. */
import { type ApiContext, type ApiRequest, acceptBatch, optional } from './api-common';
import { type FailedItem, type PaymentRef, failureReason } from './batches';
import type { SimResponse } from './http';
import { type AmiliPayment, checkPaymentsBody } from './payments';

/** POST /orgs/{orgId}/payments: 202 and a PAYMENT batch; a payment a fail rule names fails in it. */
export function createPayments(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	return acceptBatch(ctx, r, orgId, {
		type: 'PAYMENT',
		check: checkPaymentsBody,
		outcomes(payments) {
			const succeeded: PaymentRef[] = [];
			const failed: FailedItem[] = [];
			for (const p of payments) {
				const reason = failureReason(ctx.failRules.payments, p, orgId);
				if (reason === undefined) succeeded.push(paymentRef(p));
				else failed.push({ ...paymentRef(p), reason });
			}
			return { succeeded, failed };
		},
		record: ({ items, ...batch }) => ctx.recorder.addPaymentBatch({ ...batch, payments: items }),
	});
}

function paymentRef(p: AmiliPayment): PaymentRef {
	return {
		uniqueSourcePaymentId: p.uniqueSourcePaymentId,
		...optional({ invoiceId: p.invoiceId, invoiceNumber: p.invoiceNumber }),
	};
}
