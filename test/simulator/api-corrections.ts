/** The correction route's handler; auth and 403 were checked by handleApi. */
import {
	type ApiContext,
	type ApiRequest,
	accepted,
	idempotencyKeyOf,
	optional,
	parseJsonBody,
} from './api-common';
import { type CorrectionRef, type FailedItem } from './batches';
import { checkCorrectionsBody } from './corrections';
import { type SimResponse, json } from './http';

/** POST /orgs/{orgId}/corrections: 202 and a CORRECTION batch (type name our assumption). What a
 * correction does to an invoice is not documented: the simulator only records it. A correction of an
 * invoice the organization cannot read is accepted and then fails in the batch, as async APIs do. */
export function createCorrections(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
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
