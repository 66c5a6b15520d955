import {
	type ApiContext,
	type ApiRequest,
	accepted,
	forbidden,
	idempotencyKeyOf,
	optional,
	parseJsonBody,
	sameId,
} from './api-common';
import { handleInvoiceRoute } from './api-invoices';
import { type FailedItem, type PaymentRef, failureReason } from './batches';
import { listCases } from './cases';
import { type SimResponse, error, isUuid, json } from './http';
import { listBatches } from './listing';
import { type AmiliPayment, checkPaymentsBody } from './payments';
import { listSettlements } from './settlements';

export type { ApiContext, ApiRequest } from './api-common';

/** The Collection API routes (everything but /token). Checks run in the order a gateway would:
 * authentication (401), authorisation (403), then the request itself (400/422/404). */
export function handleApi(ctx: ApiContext, r: ApiRequest): SimResponse {
	const { match } = r;
	if (match.route === 'unknown') return error(404, 'No such route');
	// The 401 body is not documented; `{ message }` plus an RFC 6750 challenge is our assumption.
	if (r.bearer !== 'valid') {
		const challenge = r.bearer === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
		return error(401, `Bearer token ${r.bearer}`, { 'www-authenticate': challenge });
	}
	if (match.orgId !== undefined && ctx.isForbidden(match.orgId)) return forbidden();
	for (const key of ['orgId', 'batchId', 'invoiceId', 'settlementId'] as const) {
		const id = match[key];
		if (id !== undefined && !isUuid(id)) return error(400, `${key} must be a UUID`);
	}
	const orgId = match.orgId as string;

	switch (match.route) {
		case 'createPayments':
			return createPayments(ctx, r, orgId);
		case 'getBatch':
		case 'getBatchLegacy': {
			const batch = ctx.batches.get(match.batchId as string);
			// A batch of another organization is reported as unknown, not forbidden (our assumption).
			if (!batch || (match.orgId !== undefined && !sameId(batch.organizationId, match.orgId))) {
				return error(404, 'Batch not found');
			}
			if (ctx.isForbidden(batch.organizationId)) return forbidden();
			return json(200, { summary: { status: 'SUCCESS' }, data: batch });
		}
		case 'listBatches':
			// "Get all batches" lists every organization the client may see (our assumption).
			return listBatches(
				ctx.batches.all().filter((b) => !ctx.isForbidden(b.organizationId)),
				r.query,
			);
		case 'listOrgBatches':
			return listBatches(
				ctx.batches.all().filter((b) => sameId(b.organizationId, orgId)),
				r.query,
			);
		case 'listSettlements':
			return listSettlements(ctx.settlements.list(orgId), r.query);
		case 'getSettlement': {
			const settlement = ctx.settlements.get(orgId, match.settlementId as string);
			return settlement
				? json(200, { summary: { status: 'SUCCESS' }, data: settlement })
				: error(404, 'Settlement not found');
		}
		case 'listCases': {
			const invoices = new Map(ctx.invoices.list(orgId).map((i) => [i.id, i]));
			return listCases(ctx.cases.list(orgId), (id) => invoices.get(id), r.query);
		}
		default:
			return handleInvoiceRoute(ctx, r, orgId);
	}
}

function createPayments(ctx: ApiContext, r: ApiRequest, orgId: string): SimResponse {
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
