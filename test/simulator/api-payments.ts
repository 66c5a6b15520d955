/** The payment route's handler; auth, 403 and id formats were checked by handleApi. */
import {
	type ApiContext,
	type ApiRequest,
	accepted,
	idempotencyKeyOf,
	optional,
	parseJsonBody,
} from './api-common';
import { type FailedItem, type PaymentRef, failureReason } from './batches';
import { type SimResponse, json } from './http';
import { type AmiliPayment, checkPaymentsBody } from './payments';

/** POST /orgs/{orgId}/payments: 202 and a PAYMENT batch. */
export function createPayments(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	const parsed = parseJsonBody(r);
	if ('status' in parsed) return parsed;
	const check = checkPaymentsBody(parsed.body, orgId);
	if (!check.ok) return json(check.status, { message: check.message, errors: check.errors });

	const succeeded: PaymentRef[] = [];
	const failed: FailedItem[] = [];
	for (const p of check.payments) {
		const reason = failureReason(ctx.failRules.payments, p, orgId);
		if (reason === undefined) succeeded.push(paymentRef(p));
		else failed.push({ ...paymentRef(p), reason });
	}
	const idempotencyKey = idempotencyKeyOf(r.req);
	const batchId = ctx.batches.create({
		type: 'PAYMENT',
		orgId,
		createdBy: ctx.tokens.principalId,
		idempotencyKey,
		succeeded,
		failed,
	});
	ctx.recorder.addPaymentBatch({
		batchId,
		orgId,
		at: new Date().toISOString(),
		payments: check.payments,
		...optional({ idempotencyKey }),
	});
	return accepted(ctx, batchId);
}

function paymentRef(p: AmiliPayment): PaymentRef {
	return {
		uniqueSourcePaymentId: p.uniqueSourcePaymentId,
		...optional({ invoiceId: p.invoiceId, invoiceNumber: p.invoiceNumber }),
	};
}
