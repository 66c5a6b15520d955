import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleApi } from './api';
import type { ApiContext } from './api-common';
import { BatchStore, type BatchView } from './batches';
import { type Case, CaseStore } from './cases';
import type { AmiliCorrection } from './corrections';
import { handleControl } from './control';
import { type Fault, FaultQueue, describeFault } from './faults';
import { BodyTooLargeError, type SimResponse, error, readBody, send } from './http';
import { type Invoice, type InvoiceInput, InvoiceStore, type SeedInvoice } from './invoices';
import type { AmiliPayment } from './payments';
import {
	type CorrectionBatchRecord,
	type InvoiceActionRecord,
	type InvoiceBatchRecord,
	type PaymentBatchRecord,
	Recorder,
	type RequestRecord,
} from './recorder';
import { API_PREFIX, matchRoute } from './routes';
import { type Settlement, SettlementStore } from './settlements';
import { handleTokenRequest, type TokenRequestRecord } from './token-endpoint';
import { TokenService } from './tokens';
import { WebhookOutbox } from './outbox';
import type {
	WebhookData,
	WebhookDeliveryRecord,
	WebhookEvent,
	WebhookOptions,
	WebhookResult,
} from './webhooks';

export interface SimulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** How long a new batch stays QUEUED before it is terminal. Default 50. See setBatchDelayMs(). */
	batchDelayMs?: number;
	/** Network latency: every Collection API request is answered this many ms after it arrived
	 * (requests in flight wait side by side, not one after the other). Default 0. See setLatencyMs(). */
	latencyMs?: number;
	/** A new connection's handshakes across a network: the first Collection API request on each new
	 * connection waits this much longer (at 200 ms round trips: 200 for TCP, 400 with TLS). Default 0. */
	connectionLatencyMs?: number;
	/** Where to deliver BATCH_COMPLETED when a batch is first seen terminal. See setAutoWebhookUrl(). */
	autoWebhookUrl?: string;
	/** Lifetime of issued tokens. Default 3600 (the docs' typical value). */
	tokenTtlSeconds?: number;
	/** Default: random at start. */
	clientId?: string;
	/** Default: random at start. */
	clientSecret?: string;
}

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
	duplicatePaymentIds: string[];
	batches: BatchView[];
	pendingFaults: Fault[];
	forbiddenOrganizations: string[];
	batchDelayMs: number;
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

function checkedLatency(ms: number, name = 'latencyMs'): number {
	if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`${name} must be a number >= 0`);
	return ms;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<AmiliSimulator> {
	const server = createServer();
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
	return new AmiliSimulator(server, `http://${urlHost}:${port}`, options);
}

/** A running simulator: the documented Amili contract, a recorder, and switchable faults. */
export class AmiliSimulator {
	readonly apiBaseUrl: string;
	readonly tokenUrl: string;
	/** Base of the control API for other processes (GET state, POST faults/reset/expire-tokens). */
	readonly controlUrl: string;
	readonly clientId: string;
	readonly clientSecret: string;

	private readonly tokens: TokenService;
	private readonly batches: BatchStore;
	private readonly caseStore: CaseStore;
	private readonly invoiceStore: InvoiceStore;
	private readonly settlementStore = new SettlementStore();
	private readonly failRules: ApiContext['failRules'] = { payments: [], invoices: [] };
	private readonly faults = new FaultQueue();
	private readonly recorder = new Recorder();
	private readonly forbidden = new Set<string>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly outbox: WebhookOutbox;
	private latency: number;
	private connections = 0;
	/** Connections whose first request has not arrived yet. */
	private readonly newConnections = new WeakSet<Socket>();
	private readonly connectionLatency: number;

	constructor(
		private readonly server: Server,
		readonly url: string,
		private readonly options: SimulatorOptions,
	) {
		this.apiBaseUrl = `${url}${API_PREFIX}`;
		this.tokenUrl = `${url}/token`;
		this.controlUrl = `${url}/__sim`;
		this.clientId = options.clientId ?? `sim-client-${randomBytes(4).toString('hex')}`;
		this.clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
		this.tokens = new TokenService(url, options.tokenTtlSeconds ?? 3600);
		this.batches = new BatchStore(options.batchDelayMs ?? 50);
		this.latency = checkedLatency(options.latencyMs ?? 0);
		this.connectionLatency = checkedLatency(
			options.connectionLatencyMs ?? 0,
			'connectionLatencyMs',
		);
		const batchDone = (batchId: string) => this.batches.isDone(batchId);
		this.caseStore = new CaseStore(batchDone);
		this.invoiceStore = new InvoiceStore(this.caseStore, batchDone);
		this.outbox = new WebhookOutbox(this.recorder.webhookDeliveries, options.autoWebhookUrl);
		server.on('connection', (socket: Socket) => {
			this.connections++;
			this.newConnections.add(socket);
		});
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			this.handle(req, res).catch((e: unknown) => {
				if (!res.headersSent && !res.destroyed)
					send(res, error(500, `Simulator error: ${String(e)}`));
			});
		});
	}

	/** A token exactly like POST /token gives (for the pasted-token credential). */
	issueAccessToken(opts: { ttlSeconds?: number } = {}): string {
		return this.tokens.issue(this.clientId, opts.ttlSeconds).access_token;
	}

	/** Every token issued so far is now answered with 401. */
	expireAllTokens(): void {
		this.tokens.expireAll();
	}

	/** Requests for this organization are answered with 403 until reset(). */
	forbidOrganization(orgId: string): void {
		this.forbidden.add(orgId.toLowerCase());
	}

	/** Payments in batches created from now on that match go to `failed` with `reason`: the batch ends
	 * PARTIAL, or FAILED when all of its payments match. Cleared by reset(). */
	failPaymentsMatching(
		match: readonly string[] | ((payment: AmiliPayment, orgId: string) => boolean),
		reason = 'Rejected by the simulator',
	): void {
		const matches =
			typeof match === 'function'
				? match
				: (p: AmiliPayment) => match.includes(p.uniqueSourcePaymentId);
		this.failRules.payments.push({ matches, reason });
	}

	/** Invoices (by invoiceNumber, or a predicate) in invoice batches created from now on go to `failed`
	 * and are not created: the batch ends PARTIAL or FAILED. Cleared by reset(). */
	failInvoicesMatching(
		match: readonly string[] | ((invoice: InvoiceInput, orgId: string) => boolean),
		reason = 'Rejected by the simulator',
	): void {
		const matches =
			typeof match === 'function' ? match : (i: InvoiceInput) => match.includes(i.invoiceNumber);
		this.failRules.invoices.push({ matches, reason });
	}

	/** How long batches created from now on stay QUEUED (so a test can see QUEUED before the end).
	 * Batches already created keep their finish time. reset() restores the start option. */
	setBatchDelayMs(ms: number): void {
		if (!(Number.isFinite(ms) && ms >= 0)) throw new Error('batchDelayMs must be a number >= 0');
		this.batches.delayMs = ms;
	}

	get batchDelayMs(): number {
		return this.batches.delayMs;
	}

	/** Amili made `ms` away: each Collection API request from now on is answered after `ms` (the token
	 * endpoint and the control API stay instant: a client fetches its token once, before it measures).
	 * reset() restores the start option. */
	setLatencyMs(ms: number): void {
		this.latency = checkedLatency(ms);
	}

	get latencyMs(): number {
		return this.latency;
	}

	/** TCP connections clients opened since the start or reset(): a client that keeps its connections
	 * alive opens one per request in flight, one that does not opens one per request (across a real
	 * network each costs a round trip, and with TLS another, that the latency setting does not add). */
	get connectionsOpened(): number {
		return this.connections;
	}

	/** Makes a QUEUED batch terminal now (what it created becomes readable); false if unknown. */
	completeBatch(batchId: string): boolean {
		return this.batches.complete(batchId);
	}

	/** `n` readable invoices (each with its OPEN case), without posting. `overrides` may be a function of
	 * the index; invoice numbers default to SIM-<caseNumber>. */
	seedInvoices(
		orgId: string,
		n: number,
		overrides: SeedInvoice | ((index: number) => SeedInvoice) = {},
	): Invoice[] {
		return Array.from({ length: n }, (_, index) => {
			const { status, createdAt, ...input } =
				typeof overrides === 'function' ? overrides(index) : overrides;
			const { id } = this.invoiceStore.add(orgId, input, { status, createdAt });
			return this.invoiceStore.get(orgId, id) as Invoice;
		});
	}

	/** A settlement as Amili would make one (every field can be given); readable at once. If it names
	 * a known invoiceId, its invoiceNumber and caseNumber default to that invoice's. */
	addSettlement(orgId: string, partial: Partial<Settlement> = {}): Settlement {
		const invoice =
			partial.invoiceId !== undefined
				? this.invoiceStore.all().find((i) => i.id === partial.invoiceId)
				: undefined;
		const fromInvoice = invoice
			? {
					invoiceNumber: invoice.invoiceNumber,
					...(invoice.collectionCaseNumber ? { caseNumber: invoice.collectionCaseNumber } : {}),
				}
			: {};
		return this.settlementStore.add(orgId, { ...fromInvoice, ...partial });
	}

	/** A case (every field can be given; default an OPEN COLLECTION_NOTICE case created now). */
	addCase(orgId: string, partial: Partial<Case> = {}): Case {
		return this.caseStore.add(orgId, partial);
	}

	/**
	 * POSTs a webhook event to `targetUrl` as Amili documents it (docs/amili-api.md, "Webhook
	 * deliveries" and "Webhook events"): the payload envelope and the headers X-Amili-Event,
	 * IdempotencyKey (given or generated) and X-Amili-Request-Id (new each time). No
	 * X-Webhook-Signature unless `opts.headers` has one: the scheme is not documented.
	 * Resolves with the receiver's answer; rejects when the receiver cannot be reached.
	 */
	deliverWebhook<E extends WebhookEvent>(
		targetUrl: string,
		event: E,
		data: WebhookData[E],
		opts: WebhookOptions = {},
	): Promise<WebhookResult> {
		return this.outbox.deliver(targetUrl, event, data, opts);
	}

	/** Where BATCH_COMPLETED goes when a batch is first seen terminal (undefined: nowhere). reset()
	 * restores the start option. */
	setAutoWebhookUrl(url: string | undefined): void {
		this.outbox.autoUrl = url;
	}

	/**
	 * Delivers BATCH_COMPLETED to autoWebhookUrl for every terminal batch not yet notified, and waits
	 * for those and any delivery still in flight. The simulator also notices finished batches on every
	 * API request (no timers run), so this is for tests that want the webhook without polling.
	 */
	flushWebhooks(): Promise<WebhookDeliveryRecord[]> {
		return this.outbox.flush(() => this.batches.all());
	}

	get webhookDeliveries(): readonly WebhookDeliveryRecord[] {
		return this.recorder.webhookDeliveries;
	}

	addFault(fault: Fault): void {
		this.faults.add(fault);
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
			duplicatePaymentIds: this.duplicatePaymentIds(orgId),
			batches: this.batches.all().filter((b) => orgId === undefined || b.organizationId === orgId),
			pendingFaults: this.pendingFaults,
			forbiddenOrganizations: [...this.forbidden],
			batchDelayMs: this.batchDelayMs,
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

	/** Clears recordings, batches, invoices, cases, settlements, fail rules, faults and forbidden
	 * organizations, and the count of connections, and restores batchDelayMs, latencyMs and
	 * autoWebhookUrl to the start options. Tokens stay valid. */
	reset(): void {
		this.recorder.clear();
		this.batches.clear();
		this.invoiceStore.clear();
		this.caseStore.clear();
		this.settlementStore.clear();
		this.failRules.payments.length = 0;
		this.failRules.invoices.length = 0;
		this.faults.clear();
		this.forbidden.clear();
		this.batches.delayMs = this.options.batchDelayMs ?? 50;
		this.latency = checkedLatency(this.options.latencyMs ?? 0);
		this.connections = 0;
		this.outbox.reset(this.options.autoWebhookUrl);
	}

	async close(): Promise<void> {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		await this.outbox.settled();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://simulator');
		if (url.pathname.startsWith('/__sim/')) {
			const rawBody = await readBody(req);
			send(res, await handleControl(this, req, method, url, rawBody));
			return;
		}

		const match = matchRoute(method, url.pathname);
		const bearer =
			match.route === 'token' ? 'missing' : this.tokens.check(req.headers.authorization);
		const record: RequestRecord = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			route: match.route,
			...(match.orgId !== undefined ? { orgId: match.orgId } : {}),
			status: null,
			at: new Date(started).toISOString(),
			durationMs: null,
			validBearer: bearer === 'valid',
			bearer,
		};
		this.recorder.requests.push(record);
		const finish = (answer: SimResponse | 'drop') => {
			record.durationMs = Date.now() - started;
			if (answer === 'drop') {
				req.socket.destroy();
				return;
			}
			record.status = answer.status;
			send(res, answer);
		};

		let rawBody: string;
		try {
			rawBody = await readBody(req);
		} catch (e) {
			if (!(e instanceof BodyTooLargeError)) throw e;
			return finish(error(413, e.message, { connection: 'close' }));
		}

		// Each request sleeps on its own timer, so requests in flight overlap as they would on a network.
		const handshakes = this.newConnections.delete(req.socket) ? this.connectionLatency : 0;
		const wait = match.route === 'token' ? 0 : this.latency + handshakes;
		if (wait > 0) await this.sleep(wait);
		const fault = this.faults.take({ method, route: match.route, orgId: match.orgId });
		if (fault) record.fault = describeFault(fault);
		if (fault?.delayMs) await this.sleep(fault.delayMs);
		if (fault?.reset === 'before-processing') return finish('drop');
		if (fault?.status !== undefined) {
			// Without a body or rawBody, a status fault says what it is, as a gateway error page would.
			const body =
				fault.body ??
				(fault.rawBody === undefined
					? { message: `Simulated fault: status ${fault.status}` }
					: undefined);
			return finish({ status: fault.status, headers: fault.headers, body, rawBody: fault.rawBody });
		}

		const answer = this.process(match, req, rawBody, url.searchParams, bearer);
		finish(fault?.reset === 'after-processing' ? 'drop' : answer);
		this.outbox.notifyFinished(() => this.batches.all());
	}

	private process(
		match: ReturnType<typeof matchRoute>,
		req: IncomingMessage,
		rawBody: string,
		query: URLSearchParams,
		bearer: ReturnType<TokenService['check']>,
	): SimResponse {
		if (match.route !== 'token') {
			const ctx: ApiContext = {
				apiBaseUrl: this.apiBaseUrl,
				tokens: this.tokens,
				batches: this.batches,
				invoices: this.invoiceStore,
				cases: this.caseStore,
				settlements: this.settlementStore,
				recorder: this.recorder,
				failRules: this.failRules,
				isForbidden: (orgId: string) => this.forbidden.has(orgId.toLowerCase()),
			};
			return handleApi(ctx, { match, req, rawBody, query, bearer });
		}
		const client = { clientId: this.clientId, clientSecret: this.clientSecret };
		const { answer, record } = handleTokenRequest(req, rawBody, client, this.tokens);
		this.recorder.tokenRequests.push({
			at: new Date().toISOString(),
			...record,
			status: answer.status,
		});
		return answer;
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}
}
