import { randomUUID } from 'node:crypto';

export type BatchStatus = 'QUEUED' | 'SUCCESS' | 'PARTIAL' | 'FAILED';
export const BATCH_STATUSES: readonly BatchStatus[] = ['QUEUED', 'SUCCESS', 'PARTIAL', 'FAILED'];

/** `INVOICE` is documented (docs/amili-api.md, "Batch types"); the type values of payment and
 * correction batches are not (only INVOICE and NONE are seen): `PAYMENT` and `CORRECTION` are our
 * assumption. */
export type BatchType = 'PAYMENT' | 'INVOICE' | 'CORRECTION';

/** A `succeeded` item of a payment batch (our assumption: the payment's own references). */
export interface PaymentRef {
	uniqueSourcePaymentId: string;
	invoiceId?: string;
	invoiceNumber?: string;
}

/** A `succeeded` item of an invoice batch: the docs show `{ invoiceId, invoiceNumber, cas…` (cut). */
export interface InvoiceRef {
	invoiceId: string;
	invoiceNumber: string;
	caseId?: string;
	uniqueSourceInvoiceId: string | null;
}

/** A `succeeded` item of a correction batch (not documented; our assumption: its position in the
 * request, since a correction has no id of its own, and the invoice it corrects). */
export interface CorrectionRef {
	index: number;
	invoiceId: string;
}

/**
 * How a payment batch's `failed` entries look. Amili does not document them (docs/amili-api.md,
 * "Batch object"); its older answers carry `objectindex`, a position whose base is not documented
 * either. `id` is the simulator's default; the others let a test meet what Amili might send:
 *   id          { uniqueSourcePaymentId, invoiceId?, invoiceNumber?, reason }
 *   id-index0   the same plus objectindex, the payment's 0-based position in its request
 *   id-index1   the same plus objectindex, 1-based
 *   index0      { objectindex (0-based), reason }
 *   index1      { objectindex (1-based), reason }
 *   invoice     { invoiceId?, invoiceNumber?, reason }: the invoice references the payment was sent with
 *   empty       { reason }
 */
export type FailedEntryShape =
	'id' | 'id-index0' | 'id-index1' | 'index0' | 'index1' | 'invoice' | 'empty';
export const FAILED_ENTRY_SHAPES: readonly FailedEntryShape[] = [
	'id',
	'id-index0',
	'id-index1',
	'index0',
	'index1',
	'invoice',
	'empty',
];

export function isFailedEntryShape(value: unknown): value is FailedEntryShape {
	return (FAILED_ENTRY_SHAPES as readonly unknown[]).includes(value);
}

/** `shape` if it is a FailedEntryShape, else an error naming them (a typo must not pass as 'id'). */
export function checkedFailedEntryShape(shape: unknown): FailedEntryShape {
	if (isFailedEntryShape(shape)) return shape;
	throw new Error(`failedEntryShape must be one of ${FAILED_ENTRY_SHAPES.join(', ')}`);
}

interface Reason {
	reason: string;
}
interface ObjectIndex {
	objectindex: number;
}

/** A `failed` entry of a payment batch, one member per FailedEntryShape family. */
export type FailedPaymentItem =
	| (PaymentRef & Reason)
	| (PaymentRef & ObjectIndex & Reason)
	| (ObjectIndex & Reason)
	| (Pick<PaymentRef, 'invoiceId' | 'invoiceNumber'> & Reason)
	| Reason;

/** `failed` items: a payment's in the shape in force (above); an invoice's and a correction's carry
 * the item's references and a reason (the shape is not documented: ours). */
export type FailedItem =
	FailedPaymentItem | ((Omit<InvoiceRef, 'invoiceId' | 'caseId'> | CorrectionRef) & Reason);
export type SucceededItem = PaymentRef | InvoiceRef | CorrectionRef;

/** A batch as GET /orgs/{orgId}/batches/{batchId} returns it (docs/amili-api.md, "Batch object"). */
export interface BatchView {
	batchId: string;
	type: BatchType;
	status: BatchStatus;
	createdAt: string;
	/** null while QUEUED: the value before a batch finishes is not documented (our assumption). */
	finishedAt: string | null;
	organizationId: string;
	createdBy: string;
	/** The `Idempotency-Key` the creating POST carried; present only then (our assumption, see api.ts). */
	idempotencyKey?: string;
	/** Empty while QUEUED (our assumption): the outcome is only known once processed. */
	succeeded: SucceededItem[];
	failed: FailedItem[];
}

/** Decides which items of a new batch fail, and why (see failPaymentsMatching, failInvoicesMatching). */
export type FailRule<T> = { matches: (item: T, orgId: string) => boolean; reason: string };

export interface NewBatch {
	/** Given when the caller must know it first (invoices record the batch that created them). */
	batchId?: string;
	type: BatchType;
	orgId: string;
	createdBy: string;
	idempotencyKey?: string;
	succeeded: SucceededItem[];
	failed: FailedItem[];
	/** The positions in its request of the items that failed: what `failed` means whatever its
	 * entries name (a payment's may name nothing but a reason). Given by payment batches. */
	failedPositions?: readonly number[];
}

interface StoredBatch extends NewBatch {
	batchId: string;
	createdAtMs: number;
	finishAtMs: number;
}

/** Batches live in memory. A batch is QUEUED until its finish time (`delayMs` after creation, the
 * delay in force when it was created), then terminal: status is computed on read, so no timers run. */
export class BatchStore {
	private batches: StoredBatch[] = [];
	/** Lookup by id: invoices and cases ask whether their batch is done on every read. */
	private byId = new Map<string, StoredBatch>();

	constructor(public delayMs: number) {}

	create(batch: NewBatch): string {
		const createdAtMs = Date.now();
		const stored: StoredBatch = {
			...batch,
			batchId: batch.batchId ?? randomUUID(),
			createdAtMs,
			finishAtMs: createdAtMs + this.delayMs,
		};
		this.batches.push(stored);
		this.byId.set(stored.batchId, stored);
		return stored.batchId;
	}

	/** Makes a QUEUED batch terminal now; false when there is no such batch. */
	complete(batchId: string): boolean {
		const batch = this.byId.get(batchId);
		if (!batch) return false;
		batch.finishAtMs = Math.min(batch.finishAtMs, Date.now());
		return true;
	}

	/** True once the batch is terminal (so what it created is visible). */
	isDone(batchId: string): boolean {
		const batch = this.byId.get(batchId);
		return batch !== undefined && Date.now() >= batch.finishAtMs;
	}

	/** The positions in its request of the items a terminal batch failed; undefined while it is
	 * QUEUED, for an unknown batch, and for one created without them. */
	failedPositions(batchId: string): ReadonlySet<number> | undefined {
		const batch = this.byId.get(batchId);
		if (!batch?.failedPositions || Date.now() < batch.finishAtMs) return undefined;
		return new Set(batch.failedPositions);
	}

	get(batchId: string): BatchView | undefined {
		const batch = this.byId.get(batchId);
		return batch && this.view(batch);
	}

	/** Oldest first (creation order). */
	all(): BatchView[] {
		return this.batches.map((b) => this.view(b));
	}

	clear(): void {
		this.batches = [];
		this.byId.clear();
	}

	private view(b: StoredBatch): BatchView {
		const done = Date.now() >= b.finishAtMs;
		return {
			batchId: b.batchId,
			type: b.type,
			status: !done
				? 'QUEUED'
				: b.failed.length === 0
					? 'SUCCESS'
					: b.succeeded.length === 0
						? 'FAILED'
						: 'PARTIAL',
			createdAt: new Date(b.createdAtMs).toISOString(),
			finishedAt: done ? new Date(b.finishAtMs).toISOString() : null,
			organizationId: b.orgId,
			createdBy: b.createdBy,
			...(b.idempotencyKey !== undefined ? { idempotencyKey: b.idempotencyKey } : {}),
			succeeded: done ? b.succeeded.map((s) => ({ ...s })) : [],
			failed: done ? b.failed.map((f) => ({ ...f })) : [],
		};
	}
}

/** The reason of the first rule that matches, if any. */
export function failureReason<T>(
	rules: ReadonlyArray<FailRule<T>>,
	item: T,
	orgId: string,
): string | undefined {
	return rules.find((r) => r.matches(item, orgId))?.reason;
}
