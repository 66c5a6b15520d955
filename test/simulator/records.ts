/**
 * What a simulator holds — its batches, invoices, cases, settlements and tokens, the faults and rules
 * tests set — and what it recorded, as tests read them (the getters, and state() as GET /__sim/state
 * returns it). server.ts's AmiliSimulator extends this with its HTTP server and its switches.
 */
import { randomBytes } from 'node:crypto';

import type { ApiContext } from './api-common';
import { registeredPayments } from './api-payments';
import {
	BatchStore,
	type BatchView,
	type FailedEntryShape,
	checkedFailedEntryShape,
} from './batches';
import { type Case, CaseStore } from './cases';
import type { AmiliCorrection } from './corrections';
import { type Fault, FaultQueue } from './faults';
import { type Invoice, type InvoiceInput, InvoiceStore } from './invoices';
import type { SimulatorOptions } from './options';
import { WebhookOutbox } from './outbox';
import type { AmiliPayment } from './payments';
import {
	type CorrectionBatchRecord,
	type InvoiceActionRecord,
	type InvoiceBatchRecord,
	type PaymentBatchRecord,
	Recorder,
	type RequestRecord,
} from './recorder';
import { API_PREFIX } from './routes';
import { type Settlement, SettlementStore } from './settlements';
import type { TokenRequestRecord } from './token-endpoint';
import { TokenService } from './tokens';
import type { WebhookDeliveryRecord } from './webhooks';

/** Everything the simulator recorded, as GET /__sim/state returns it. */
export interface SimulatorState {
	url: string;
	apiBaseUrl: string;
	tokenUrl: string;
	clientId: string;
	requests: RequestRecord[];
	tokenRequestCount: number;
	tokenRequests: TokenRequestRecord[];
	paymentBatches: PaymentBatchRecord[];
	receivedPayments: AmiliPayment[];
	registeredPayments: AmiliPayment[];
	duplicatePaymentIds: string[];
	batches: BatchView[];
	pendingFaults: Fault[];
	forbiddenOrganizations: string[];
	batchDelayMs: number;
	failedEntryShape: FailedEntryShape;
	autoWebhookUrl: string | null;
	/** Every invoice, readable or still in a QUEUED batch, posted or seeded. */
	invoices: Invoice[];
	invoiceBatches: InvoiceBatchRecord[];
	correctionBatches: CorrectionBatchRecord[];
	receivedCorrections: AmiliCorrection[];
	invoiceActions: InvoiceActionRecord[];
	settlements: Settlement[];
	cases: Array<Case & { orgId: string }>;
	webhookDeliveries: WebhookDeliveryRecord[];
}

export class SimulatorRecords {
	readonly apiBaseUrl: string;
	readonly tokenUrl: string;
	/** Base of the control API for other processes (GET state, POST faults/reset/expire-tokens). */
	readonly controlUrl: string;
	readonly clientId: string;
	readonly clientSecret: string;

	protected readonly tokens: TokenService;
	protected readonly batches: BatchStore;
	protected readonly caseStore: CaseStore;
	protected readonly invoiceStore: InvoiceStore;
	protected readonly settlementStore = new SettlementStore();
	protected readonly failRules: ApiContext['failRules'] = { payments: [], invoices: [] };
	protected readonly faults = new FaultQueue();
	protected readonly recorder = new Recorder();
	protected readonly forbidden = new Set<string>();
	/** The shape of payment batches' `failed` entries, read when a batch is created. */
	protected failedShape: FailedEntryShape;
	protected readonly outbox: WebhookOutbox;

	constructor(
		readonly url: string,
		protected readonly options: SimulatorOptions,
	) {
		this.apiBaseUrl = `${url}${API_PREFIX}`;
		this.tokenUrl = `${url}/token`;
		this.controlUrl = `${url}/__sim`;
		this.clientId = options.clientId ?? `sim-client-${randomBytes(4).toString('hex')}`;
		this.clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
		this.failedShape = checkedFailedEntryShape(options.failedEntryShape ?? 'id');
		this.tokens = new TokenService(url, options.tokenTtlSeconds ?? 3600);
		this.batches = new BatchStore(options.batchDelayMs ?? 50);
		const batchDone = (batchId: string) => this.batches.isDone(batchId);
		this.caseStore = new CaseStore(batchDone);
		this.invoiceStore = new InvoiceStore(this.caseStore, batchDone);
		this.outbox = new WebhookOutbox(this.recorder.webhookDeliveries, options.autoWebhookUrl);
	}

	get batchDelayMs(): number {
		return this.batches.delayMs;
	}

	get failedEntryShape(): FailedEntryShape {
		return this.failedShape;
	}

	get webhookDeliveries(): readonly WebhookDeliveryRecord[] {
		return this.recorder.webhookDeliveries;
	}

	/** Faults not yet used up. */
	get pendingFaults(): Fault[] {
		return this.faults.pending();
	}

	get requests(): readonly RequestRecord[] {
		return this.recorder.requests;
	}

	get tokenRequests(): readonly TokenRequestRecord[] {
		return this.recorder.tokenRequests;
	}

	get tokenRequestCount(): number {
		return this.recorder.tokenRequests.length;
	}

	paymentBatches(orgId?: string): PaymentBatchRecord[] {
		return this.recorder.paymentBatches(orgId);
	}

	receivedPayments(orgId?: string): AmiliPayment[] {
		return this.recorder.receivedPayments(orgId);
	}

	duplicatePaymentIds(orgId?: string): string[] {
		return this.recorder.duplicatePaymentIds(orgId);
	}

	/** The payments as posted that terminal payment batches registered (listed in their `succeeded`),
	 * in the order received: a uniqueSourcePaymentId found twice here was registered twice. */
	registeredPayments(orgId?: string): AmiliPayment[] {
		return registeredPayments(this.recorder, this.batches, orgId).map(({ payment }) => payment);
	}

	/** The batch as the API would show it now. */
	batch(batchId: string): BatchView | undefined {
		return this.batches.get(batchId);
	}

	/** Every invoice, posted or seeded, readable or still in a QUEUED batch. */
	invoices(orgId?: string): Invoice[] {
		return this.invoiceStore.all(orgId);
	}

	invoiceBatches(orgId?: string): InvoiceBatchRecord[] {
		return this.recorder.invoiceBatches.filter((b) => orgId === undefined || b.orgId === orgId);
	}

	/** Invoices exactly as posted (unknown fields included). */
	receivedInvoices(orgId?: string): InvoiceInput[] {
		return this.invoiceBatches(orgId).flatMap((b) => b.invoices);
	}

	correctionBatches(orgId?: string): CorrectionBatchRecord[] {
		return this.recorder.correctionBatches.filter((b) => orgId === undefined || b.orgId === orgId);
	}

	receivedCorrections(orgId?: string): AmiliCorrection[] {
		return this.correctionBatches(orgId).flatMap((b) => b.corrections);
	}

	/** pause/resume/withdraw calls on readable invoices, with the status before and after. */
	invoiceActions(orgId?: string): InvoiceActionRecord[] {
		return this.recorder.invoiceActions.filter((a) => orgId === undefined || a.orgId === orgId);
	}

	settlements(orgId?: string): Settlement[] {
		return this.settlementStore.all(orgId);
	}

	cases(orgId?: string): Array<Case & { orgId: string }> {
		return this.caseStore.all(orgId);
	}

	state(orgId?: string): SimulatorState {
		return {
			url: this.url,
			apiBaseUrl: this.apiBaseUrl,
			tokenUrl: this.tokenUrl,
			clientId: this.clientId,
			requests: [...this.recorder.requests],
			tokenRequestCount: this.tokenRequestCount,
			tokenRequests: [...this.recorder.tokenRequests],
			paymentBatches: this.paymentBatches(orgId),
			receivedPayments: this.receivedPayments(orgId),
			registeredPayments: this.registeredPayments(orgId),
			duplicatePaymentIds: this.duplicatePaymentIds(orgId),
			batches: this.batches.all().filter((b) => orgId === undefined || b.organizationId === orgId),
			pendingFaults: this.pendingFaults,
			forbiddenOrganizations: [...this.forbidden],
			batchDelayMs: this.batchDelayMs,
			failedEntryShape: this.failedShape,
			autoWebhookUrl: this.outbox.autoUrl ?? null,
			invoices: this.invoices(orgId),
			invoiceBatches: this.invoiceBatches(orgId),
			correctionBatches: this.correctionBatches(orgId),
			receivedCorrections: this.receivedCorrections(orgId),
			invoiceActions: this.invoiceActions(orgId),
			settlements: this.settlements(orgId),
			cases: this.cases(orgId),
			webhookDeliveries: [...this.recorder.webhookDeliveries],
		};
	}
}
