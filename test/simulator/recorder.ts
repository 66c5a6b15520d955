import type { CollectionStatus } from './cases';
import type { AmiliCorrection } from './corrections';
import type { RouteName } from './routes';
import type { InvoiceInput } from './invoices';
import type { AmiliPayment } from './payments';
import type { BearerCheck } from './tokens';
import type { TokenRequestRecord } from './token-endpoint';
import type { WebhookDeliveryRecord } from './webhooks';

/** One request as received. The Authorization header and token are deliberately never stored. */
export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string>;
	route: RouteName;
	orgId?: string;
	/** The status answered; null when the connection was dropped (reset fault) or not answered yet. */
	status: number | null;
	at: string;
	durationMs: number | null;
	validBearer: boolean;
	bearer: BearerCheck;
	/** Label of the fault applied, e.g. "status 429"; absent when none. */
	fault?: string;
}

/** An accepted POST /orgs/{orgId}/payments (including one whose answer a reset fault dropped). */
export interface PaymentBatchRecord {
	batchId: string;
	orgId: string;
	at: string;
	payments: AmiliPayment[];
	/** The Idempotency-Key header the POST carried, if any. */
	idempotencyKey?: string;
}

/** An accepted POST /orgs/{orgId}/invoices: the invoices exactly as sent (unknown fields included). */
export interface InvoiceBatchRecord {
	batchId: string;
	orgId: string;
	at: string;
	invoices: InvoiceInput[];
	idempotencyKey?: string;
}

/** An accepted POST /orgs/{orgId}/corrections. */
export interface CorrectionBatchRecord {
	batchId: string;
	orgId: string;
	at: string;
	corrections: AmiliCorrection[];
	idempotencyKey?: string;
}

/** A POST …/invoices/{invoiceId}/pause|resume|withdraw on a readable invoice. `status` is what was
 * answered: 202, or 409 when the invoice is WITHDRAWN (then `to` equals `from`). */
export interface InvoiceActionRecord {
	at: string;
	orgId: string;
	invoiceId: string;
	action: 'pause' | 'resume' | 'withdraw';
	from: CollectionStatus;
	to: CollectionStatus;
	status: 202 | 409;
}

/** What the simulator received, so tests can assert on the wire. */
export class Recorder {
	readonly requests: RequestRecord[] = [];
	readonly tokenRequests: TokenRequestRecord[] = [];
	private readonly batches: PaymentBatchRecord[] = [];
	readonly invoiceBatches: InvoiceBatchRecord[] = [];
	readonly correctionBatches: CorrectionBatchRecord[] = [];
	readonly invoiceActions: InvoiceActionRecord[] = [];
	readonly webhookDeliveries: WebhookDeliveryRecord[] = [];

	addPaymentBatch(record: PaymentBatchRecord): void {
		this.batches.push(record);
	}

	paymentBatches(orgId?: string): PaymentBatchRecord[] {
		return this.batches.filter((b) => orgId === undefined || b.orgId === orgId);
	}

	receivedPayments(orgId?: string): AmiliPayment[] {
		return this.paymentBatches(orgId).flatMap((b) => b.payments);
	}

	/** uniqueSourcePaymentIds received more than once for the same organization, in first-seen order.
	 * Amili's deduplication is not documented, so the simulator accepts repeats and only reports them. */
	duplicatePaymentIds(orgId?: string): string[] {
		const seen = new Set<string>();
		const dupes = new Set<string>();
		for (const b of this.paymentBatches(orgId)) {
			for (const p of b.payments) {
				const key = `${b.orgId}\n${p.uniqueSourcePaymentId}`;
				if (seen.has(key)) dupes.add(p.uniqueSourcePaymentId);
				seen.add(key);
			}
		}
		return [...dupes];
	}

	clear(): void {
		this.requests.length = 0;
		this.tokenRequests.length = 0;
		this.batches.length = 0;
		this.invoiceBatches.length = 0;
		this.correctionBatches.length = 0;
		this.invoiceActions.length = 0;
		this.webhookDeliveries.length = 0;
	}
}
