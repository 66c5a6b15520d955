/** The correction route's handler; auth and 403 were checked by handleApi. */
import { type ApiContext, type ApiRequest, acceptBatch } from './api-common';
import type { CorrectionRef, FailedItem } from './batches';
import { checkCorrectionsBody } from './corrections';
import type { SimResponse } from './http';

/** POST /orgs/{orgId}/corrections: 202 and a CORRECTION batch (type name our assumption). What a
 * correction does to an invoice is not documented: the simulator only records it. A correction of an
 * invoice the organization cannot read is accepted and then fails in the batch, as async APIs do. */
export function createCorrections(
	ctx: ApiContext,
	r: ApiRequest,
	{ orgId }: { orgId: string },
): SimResponse {
	return acceptBatch(ctx, r, orgId, {
		type: 'CORRECTION',
		check: checkCorrectionsBody,
		outcomes(corrections) {
			const succeeded: CorrectionRef[] = [];
			const failed: FailedItem[] = [];
			corrections.forEach((c, index) => {
				if (ctx.invoices.get(orgId, c.invoiceId)) succeeded.push({ index, invoiceId: c.invoiceId });
				else failed.push({ index, invoiceId: c.invoiceId, reason: 'Invoice not found' });
			});
			return { succeeded, failed };
		},
		record: ({ items, ...batch }) =>
			ctx.recorder.correctionBatches.push({ ...batch, corrections: items }),
	});
}
