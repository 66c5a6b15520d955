import { randomUUID } from 'node:crypto';
import {
	type ApiContext,
	type ApiRequest,
	accepted,
	idempotencyKeyOf,
	optional,
	parseJsonBody,
} from './api-common';
import { type CorrectionRef, type FailedItem, type InvoiceRef, failureReason } from './batches';
import type { CollectionStatus } from './cases';
import { checkCorrectionsBody } from './corrections';
import { type SimResponse, error, json } from './http';
import { type Invoice, checkInvoicesBody, listInvoices } from './invoices';
import type { InvoiceActionRecord } from './recorder';

const ACTIONS = {
	pauseInvoice: { action: 'pause', to: 'PAUSED' },
	resumeInvoice: { action: 'resume', to: 'OPEN' },
	withdrawInvoice: { action: 'withdraw', to: 'WITHDRAWN' },
} as const;

/** The invoice and correction routes; auth, 403 and id formats were checked by handleApi. */
export function handleInvoiceRoute(ctx: ApiContext, r: ApiRequest, orgId: string): SimResponse {
	const { route, invoiceId } = r.match;
	switch (route) {
		case 'createInvoices':
			return createInvoices(ctx, r, orgId);
		case 'createCorrections':
			return createCorrections(ctx, r, orgId);
		case 'listInvoices':
			return listInvoices(ctx.invoices.list(orgId), r.query);
		case 'getInvoice':
		case 'getInvoicePayments':
		case 'pauseInvoice':
		case 'resumeInvoice':
		case 'withdrawInvoice': {
			// An invoice of another organization, or one whose batch is still QUEUED, is unknown here.
			const invoice = ctx.invoices.get(orgId, invoiceId as string);
			if (!invoice) return error(404, 'Invoice not found');
			if (route === 'getInvoice')
				return json(200, { summary: { status: 'SUCCESS' }, data: invoice });
			if (route === 'getInvoicePayments') return invoicePayments(ctx, orgId, invoice);
			return invoiceAction(ctx, orgId, invoice, ACTIONS[route]);
		}
		default:
			return error(404, 'No such route');
	}
}

/** POST /orgs/{orgId}/invoices: 202 and an INVOICE batch. Each invoice that no fail rule rejects is
 * created (with its case) and becomes readable when the batch is terminal. */
function createInvoices(ctx: ApiContext, r: ApiRequest, orgId: string): SimResponse {
	const parsed = parseJsonBody(r);
	if ('status' in parsed) return parsed;
	const check = checkInvoicesBody(parsed.body, orgId);
	if (!check.ok) return json(check.status, { message: check.message, errors: check.errors });

	const batchId = randomUUID();
	const succeeded: InvoiceRef[] = [];
	const failed: FailedItem[] = [];
	for (const input of check.items) {
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
	const idempotencyKey = idempotencyKeyOf(r.req);
	ctx.batches.create({
		batchId,
		type: 'INVOICE',
		orgId,
		createdBy: ctx.tokens.principalId,
		idempotencyKey,
		succeeded,
		failed,
	});
	ctx.recorder.invoiceBatches.push({
		batchId,
		orgId,
		at: new Date().toISOString(),
		invoices: check.items,
		...optional({ idempotencyKey }),
	});
	return accepted(ctx, batchId);
}

/** POST /orgs/{orgId}/corrections: 202 and a CORRECTION batch (type name our assumption). What a
 * correction does to an invoice is not documented: the simulator only records it. A correction of an
 * invoice the organization cannot read is accepted and then fails in the batch, as async APIs do. */
function createCorrections(ctx: ApiContext, r: ApiRequest, orgId: string): SimResponse {
	const parsed = parseJsonBody(r);
	if ('status' in parsed) return parsed;
	const check = checkCorrectionsBody(parsed.body, orgId);
	if (!check.ok) return json(check.status, { message: check.message, errors: check.errors });

	const succeeded: CorrectionRef[] = [];
	const failed: FailedItem[] = [];
	check.items.forEach((c, index) => {
		if (ctx.invoices.get(orgId, c.invoiceId)) succeeded.push({ index, invoiceId: c.invoiceId });
		else failed.push({ index, invoiceId: c.invoiceId, reason: 'Invoice not found' });
	});
	const idempotencyKey = idempotencyKeyOf(r.req);
	const batchId = ctx.batches.create({
		type: 'CORRECTION',
		orgId,
		createdBy: ctx.tokens.principalId,
		idempotencyKey,
		succeeded,
		failed,
	});
	ctx.recorder.correctionBatches.push({
		batchId,
		orgId,
		at: new Date().toISOString(),
		corrections: check.items,
		...optional({ idempotencyKey }),
	});
	return accepted(ctx, batchId);
}

/**
 * GET …/invoices/{invoiceId}/payments: the payments registered for the invoice, i.e. those of terminal
 * payment batches that did not fail and name it by invoiceId or invoiceNumber. The answer's shape is
 * not documented: ours is `{ summary, data: [payment as posted + batchId + registeredAt] }`, unpaged.
 */
function invoicePayments(ctx: ApiContext, orgId: string, invoice: Invoice): SimResponse {
	const data = ctx.recorder.paymentBatches().flatMap((record) => {
		const batch = ctx.batches.get(record.batchId);
		if (
			!batch ||
			batch.status === 'QUEUED' ||
			batch.organizationId.toLowerCase() !== orgId.toLowerCase()
		)
			return [];
		const failedIds = new Set(
			batch.failed.map((f) => ('uniqueSourcePaymentId' in f ? f.uniqueSourcePaymentId : undefined)),
		);
		return record.payments
			.filter((p) => !failedIds.has(p.uniqueSourcePaymentId))
			.filter(
				(p) =>
					p.invoiceId?.toLowerCase() === invoice.id.toLowerCase() ||
					p.invoiceNumber === invoice.invoiceNumber,
			)
			.map((p) => ({ ...p, batchId: batch.batchId, registeredAt: batch.finishedAt }));
	});
	return json(200, { summary: { status: 'SUCCESS' }, data });
}

/**
 * POST …/resume (documented: 202, no body) and …/pause, …/withdraw (paths not documented; by analogy).
 * Our assumptions: repeating an action is a harmless 202; a WITHDRAWN invoice is final, so pausing or
 * resuming it is a 409 (a code the invoice pages list).
 */
function invoiceAction(
	ctx: ApiContext,
	orgId: string,
	invoice: Invoice,
	{ action, to }: { action: InvoiceActionRecord['action']; to: CollectionStatus },
): SimResponse {
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
}
