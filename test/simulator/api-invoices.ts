/** The invoice routes' handlers; auth, 403 and id formats were checked by handleApi. */
import { type ApiContext, type ApiRequest, acceptBatch } from './api-common';
import { registeredPayments } from './api-payments';
import { type FailedItem, type InvoiceRef, failureReason } from './batches';
import type { CollectionStatus } from './cases';
import { type SimResponse, error, json } from './http';
import { type Invoice, checkInvoicesBody, listInvoices as invoicesPage } from './invoices';
import type { InvoiceActionRecord } from './recorder';

/** POST /orgs/{orgId}/invoices: 202 and an INVOICE batch. Each invoice that no fail rule rejects is
 * created (with its case) and becomes readable when the batch is terminal. */
export function createInvoices(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	return acceptBatch(ctx, r, orgId, {
		type: 'INVOICE',
		check: checkInvoicesBody,
		outcomes(invoices, batchId) {
			const succeeded: InvoiceRef[] = [];
			const failed: FailedItem[] = [];
			for (const input of invoices) {
				const uniqueSourceInvoiceId = input.uniqueSourceInvoiceId ?? null;
				const reason = failureReason(ctx.failRules.invoices, input, orgId);
				if (reason !== undefined) {
					failed.push({ invoiceNumber: input.invoiceNumber, uniqueSourceInvoiceId, reason });
					continue;
				}
				const created = ctx.invoices.add(orgId, input, { batchId });
				succeeded.push({
					invoiceId: created.id,
					invoiceNumber: created.invoiceNumber,
					caseId: created.caseId,
					uniqueSourceInvoiceId,
				});
			}
			return { succeeded, failed };
		},
		record: ({ items, ...batch }) =>
			ctx.recorder.invoiceBatches.push({ ...batch, invoices: items }),
	});
}

/** GET /orgs/{orgId}/invoices. */
export function listInvoices(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	return invoicesPage(ctx.invoices.list(orgId), r.query);
}

/** A handler for a route on one invoice: `answer` runs once the invoice is found. An invoice of
 * another organization, or one whose batch is still QUEUED, is unknown here (404). */
function onInvoice(answer: (ctx: ApiContext, orgId: string, invoice: Invoice) => SimResponse) {
	return (
		ctx: ApiContext,
		_r: ApiRequest,
		{ orgId, invoiceId }: { orgId: string; invoiceId: string },
	): SimResponse => {
		const invoice = ctx.invoices.get(orgId, invoiceId);
		if (!invoice) return error(404, 'Invoice not found');
		return answer(ctx, orgId, invoice);
	};
}

/** GET /orgs/{orgId}/invoices/{invoiceId}. */
export const getInvoice = onInvoice((_ctx, _orgId, invoice) =>
	json(200, { summary: { status: 'SUCCESS' }, data: invoice }),
);
/** GET …/invoices/{invoiceId}/payments. */
export const getInvoicePayments = onInvoice(invoicePayments);
/** POST …/invoices/{invoiceId}/pause, …/resume, …/withdraw. */
export const pauseInvoice = onInvoice(invoiceAction('pause', 'PAUSED'));
export const resumeInvoice = onInvoice(invoiceAction('resume', 'OPEN'));
export const withdrawInvoice = onInvoice(invoiceAction('withdraw', 'WITHDRAWN'));

/**
 * GET …/invoices/{invoiceId}/payments: the payments registered for the invoice, i.e. those of terminal
 * payment batches that did not fail and name it by invoiceId or invoiceNumber. The answer's shape is
 * not documented: ours is `{ summary, data: [payment as posted + batchId + registeredAt] }`, unpaged.
 */
function invoicePayments(ctx: ApiContext, orgId: string, invoice: Invoice): SimResponse {
	const data = registeredPayments(ctx.recorder, ctx.batches, orgId)
		.filter(
			({ payment: p }) =>
				p.invoiceId?.toLowerCase() === invoice.id.toLowerCase() ||
				p.invoiceNumber === invoice.invoiceNumber,
		)
		.map(({ payment, batch }) => ({
			...payment,
			batchId: batch.batchId,
			registeredAt: batch.finishedAt,
		}));
	return json(200, { summary: { status: 'SUCCESS' }, data });
}

/**
 * POST …/resume (documented: 202, no body) and …/pause, …/withdraw (paths not documented; by analogy).
 * Our assumptions: repeating an action is a harmless 202; a WITHDRAWN invoice is final, so pausing or
 * resuming it is a 409 (a code the invoice pages list).
 */
function invoiceAction(action: InvoiceActionRecord['action'], to: CollectionStatus) {
	return (ctx: ApiContext, orgId: string, invoice: Invoice): SimResponse => {
		const record = {
			at: new Date().toISOString(),
			orgId,
			invoiceId: invoice.id,
			action,
			from: invoice.status,
		};
		if (invoice.status === 'WITHDRAWN' && to !== 'WITHDRAWN') {
			ctx.recorder.invoiceActions.push({ ...record, to: invoice.status, status: 409 });
			return error(409, `The invoice is withdrawn and cannot be ${action}d`);
		}
		ctx.invoices.setStatus(orgId, invoice.id, to);
		ctx.recorder.invoiceActions.push({ ...record, to, status: 202 });
		return { status: 202 };
	};
}
