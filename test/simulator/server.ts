/**
 * The running simulator: startSimulator() listens on a loopback port; AmiliSimulator answers its
 * requests (request-handler.ts) and holds the switches tests flip: faults, fail rules, forbidden
 * organizations, tokens, batch delay, latency (network.ts), seeded records and webhooks. What it holds
 * and recorded is read through the methods it inherits from records.ts.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ApiContext } from './api-common';
import { type FailedEntryShape, checkedFailedEntryShape } from './batches';
import type { Case } from './cases';
import { handleControl } from './control';
import type { Fault } from './faults';
import { error, send } from './http';
import type { Invoice, InvoiceInput, SeedInvoice } from './invoices';
import { SimulatedNetwork } from './network';
import type { SimulatorOptions } from './options';
import type { AmiliPayment } from './payments';
import { SimulatorRecords } from './records';
import { handleRequest, type RequestHandling } from './request-handler';
import type { Settlement } from './settlements';
import type {
	WebhookData,
	WebhookDeliveryRecord,
	WebhookEvent,
	WebhookOptions,
	WebhookResult,
} from './webhooks';

export async function startSimulator(options: SimulatorOptions = {}): Promise<AmiliSimulator> {
	checkedFailedEntryShape(options.failedEntryShape ?? 'id'); // before a port is taken
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
export class AmiliSimulator extends SimulatorRecords {
	private readonly network: SimulatedNetwork;

	constructor(
		private readonly server: Server,
		url: string,
		options: SimulatorOptions,
	) {
		super(url, options);
		this.network = new SimulatedNetwork(
			server,
			options.latencyMs ?? 0,
			options.connectionLatencyMs ?? 0,
		);
		const handling = this.requestHandling();
		server.on('request', (req, res) => {
			handleRequest(handling, req, res).catch((e: unknown) => {
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

	/** How the `failed` entries of payment batches created from now on look (batches.ts,
	 * FailedEntryShape: 'id', 'id-index0', 'id-index1', 'index0', 'index1', 'invoice', 'empty').
	 * Amili does not document them. reset() restores the start option (default 'id'). */
	setFailedEntryShape(shape: FailedEntryShape): void {
		this.failedShape = checkedFailedEntryShape(shape);
	}

	/** How long batches created from now on stay QUEUED (so a test can see QUEUED before the end).
	 * Batches already created keep their finish time. reset() restores the start option. */
	setBatchDelayMs(ms: number): void {
		if (!(Number.isFinite(ms) && ms >= 0)) throw new Error('batchDelayMs must be a number >= 0');
		this.batches.delayMs = ms;
	}

	/** Amili made `ms` away: each Collection API request from now on is answered after `ms` (the token
	 * endpoint and the control API stay instant: a client fetches its token once, before it measures).
	 * reset() restores the start option. */
	setLatencyMs(ms: number): void {
		this.network.latencyMs = ms;
	}

	get latencyMs(): number {
		return this.network.latencyMs;
	}

	/** TCP connections clients opened since the start or reset(): a client that keeps its connections
	 * alive opens one per request in flight, one that does not opens one per request (across a real
	 * network each costs a round trip, and with TLS another, that the latency setting does not add). */
	get connectionsOpened(): number {
		return this.network.connectionsOpened;
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

	addFault(fault: Fault): void {
		this.faults.add(fault);
	}

	/** Clears recordings, batches, invoices, cases, settlements, fail rules, faults and forbidden
	 * organizations, and the count of connections, and restores batchDelayMs, failedEntryShape,
	 * latencyMs and autoWebhookUrl to the start options. Tokens stay valid. */
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
		this.failedShape = this.options.failedEntryShape ?? 'id';
		this.network.reset(this.options.latencyMs ?? 0);
		this.outbox.reset(this.options.autoWebhookUrl);
	}

	async close(): Promise<void> {
		this.network.close();
		await this.outbox.settled();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}

	private requestHandling(): RequestHandling {
		const api: ApiContext = {
			apiBaseUrl: this.apiBaseUrl,
			tokens: this.tokens,
			tokenClient: { clientId: this.clientId, clientSecret: this.clientSecret },
			batches: this.batches,
			invoices: this.invoiceStore,
			cases: this.caseStore,
			settlements: this.settlementStore,
			recorder: this.recorder,
			failRules: this.failRules,
			isForbidden: (orgId: string) => this.forbidden.has(orgId.toLowerCase()),
			failedEntryShape: () => this.failedShape,
		};
		return {
			tokens: this.tokens,
			api,
			recorder: this.recorder,
			faults: this.faults,
			network: this.network,
			control: (req, method, url, rawBody) => handleControl(this, req, method, url, rawBody),
			afterRequest: () => this.outbox.notifyFinished(() => this.batches.all()),
		};
	}
}
