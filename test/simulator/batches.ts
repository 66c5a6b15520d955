import { randomUUID } from 'node:crypto';
import type { AmiliPayment } from './payments';

export type BatchStatus = 'QUEUED' | 'SUCCESS' | 'PARTIAL' | 'FAILED';
export const BATCH_STATUSES: readonly BatchStatus[] = ['QUEUED', 'SUCCESS', 'PARTIAL', 'FAILED'];

export interface PaymentRef {
	uniqueSourcePaymentId: string;
	invoiceId?: string;
	invoiceNumber?: string;
}

/** A batch as GET /orgs/{orgId}/batches/{batchId} returns it (CONTRACT §4.3). */
export interface BatchView {
	batchId: string;
	/** Payment batches' type value is not documented (only INVOICE and NONE are seen): our assumption. */
	type: 'PAYMENT';
	status: BatchStatus;
	createdAt: string;
	/** null while QUEUED: the value before a batch finishes is not documented (our assumption). */
	finishedAt: string | null;
	organizationId: string;
	createdBy: string;
	/** Empty while QUEUED (our assumption): the outcome is only known once processed. */
	succeeded: PaymentRef[];
	failed: Array<PaymentRef & { reason: string }>;
}

/** Decides which payments of a new batch fail, and why (see failPaymentsMatching). */
export type FailRule = { matches: (payment: AmiliPayment, orgId: string) => boolean; reason: string };

interface StoredBatch {
	batchId: string;
	orgId: string;
	createdBy: string;
	createdAtMs: number;
	succeeded: PaymentRef[];
	failed: Array<PaymentRef & { reason: string }>;
}

/** Batches live in memory. A batch is QUEUED for `delayMs` after it was created, then terminal:
 * status is computed from timestamps on read, so no timers run. */
export class BatchStore {
	private batches: StoredBatch[] = [];
	private rules: FailRule[] = [];

	constructor(private readonly delayMs: number) {}

	create(orgId: string, createdBy: string, payments: AmiliPayment[]): string {
		const batch: StoredBatch = { batchId: randomUUID(), orgId, createdBy, createdAtMs: Date.now(), succeeded: [], failed: [] };
		for (const p of payments) {
			const rule = this.rules.find((r) => r.matches(p, orgId));
			if (rule) batch.failed.push({ ...ref(p), reason: rule.reason });
			else batch.succeeded.push(ref(p));
		}
		this.batches.push(batch);
		return batch.batchId;
	}

	/** Payments matched by a rule in batches created from now on end up in `failed`. */
	addFailRule(rule: FailRule): void {
		this.rules.push(rule);
	}

	get(batchId: string): BatchView | undefined {
		const batch = this.batches.find((b) => b.batchId === batchId);
		return batch && this.view(batch);
	}

	/** Oldest first (creation order). */
	all(): BatchView[] {
		return this.batches.map((b) => this.view(b));
	}

	clear(): void {
		this.batches = [];
		this.rules = [];
	}

	private view(b: StoredBatch): BatchView {
		const finishedAtMs = b.createdAtMs + this.delayMs;
		const done = Date.now() >= finishedAtMs;
		return {
			batchId: b.batchId,
			type: 'PAYMENT',
			status: !done ? 'QUEUED' : b.failed.length === 0 ? 'SUCCESS' : b.succeeded.length === 0 ? 'FAILED' : 'PARTIAL',
			createdAt: new Date(b.createdAtMs).toISOString(),
			finishedAt: done ? new Date(finishedAtMs).toISOString() : null,
			organizationId: b.orgId,
			createdBy: b.createdBy,
			succeeded: done ? b.succeeded.map((s) => ({ ...s })) : [],
			failed: done ? b.failed.map((f) => ({ ...f })) : [],
		};
	}
}

function ref(p: AmiliPayment): PaymentRef {
	return {
		uniqueSourcePaymentId: p.uniqueSourcePaymentId,
		...(p.invoiceId !== undefined ? { invoiceId: p.invoiceId } : {}),
		...(p.invoiceNumber !== undefined ? { invoiceNumber: p.invoiceNumber } : {}),
	};
}
