import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api';
import { BatchStore, type BatchView } from './batches';
import { handleControl } from './control';
import { type Fault, FaultQueue, describeFault } from './faults';
import { BodyTooLargeError, type SimResponse, error, readBody, send } from './http';
import type { AmiliPayment } from './payments';
import { type PaymentBatchRecord, Recorder, type RequestRecord } from './recorder';
import { API_PREFIX, matchRoute } from './routes';
import { handleTokenRequest, type TokenRequestRecord } from './token-endpoint';
import { TokenService } from './tokens';

export interface SimulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** How long a new batch stays QUEUED before it is terminal. Default 50. */
	batchDelayMs?: number;
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
	private readonly faults = new FaultQueue();
	private readonly recorder = new Recorder();
	private readonly forbidden = new Set<string>();
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(
		private readonly server: Server,
		readonly url: string,
		options: SimulatorOptions,
	) {
		this.apiBaseUrl = `${url}${API_PREFIX}`;
		this.tokenUrl = `${url}/token`;
		this.controlUrl = `${url}/__sim`;
		this.clientId = options.clientId ?? `sim-client-${randomBytes(4).toString('hex')}`;
		this.clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
		this.tokens = new TokenService(url, options.tokenTtlSeconds ?? 3600);
		this.batches = new BatchStore(options.batchDelayMs ?? 50);
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			this.handle(req, res).catch((e: unknown) => {
				if (!res.headersSent && !res.destroyed) send(res, error(500, `Simulator error: ${String(e)}`));
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
		const matches = typeof match === 'function' ? match : (p: AmiliPayment) => match.includes(p.uniqueSourcePaymentId);
		this.batches.addFailRule({ matches, reason });
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
		};
	}

	/** Clears recordings, batches, fail rules, faults and forbidden organizations. Tokens stay valid. */
	reset(): void {
		this.recorder.clear();
		this.batches.clear();
		this.faults.clear();
		this.forbidden.clear();
	}

	async close(): Promise<void> {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
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
			send(res, handleControl(this, req, method, url, rawBody));
			return;
		}

		const match = matchRoute(method, url.pathname);
		const bearer = match.route === 'token' ? 'missing' : this.tokens.check(req.headers.authorization);
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

		const fault = this.faults.take({ method, route: match.route, orgId: match.orgId });
		if (fault) record.fault = describeFault(fault);
		if (fault?.delayMs) await this.sleep(fault.delayMs);
		if (fault?.reset === 'before-processing') return finish('drop');
		if (fault?.status !== undefined) {
			// Without a body or rawBody, a status fault says what it is, as a gateway error page would.
			const body = fault.body ?? (fault.rawBody === undefined ? { message: `Simulated fault: status ${fault.status}` } : undefined);
			return finish({ status: fault.status, headers: fault.headers, body, rawBody: fault.rawBody });
		}

		const answer = this.process(match, req, rawBody, url.searchParams, bearer);
		finish(fault?.reset === 'after-processing' ? 'drop' : answer);
	}

	private process(
		match: ReturnType<typeof matchRoute>,
		req: IncomingMessage,
		rawBody: string,
		query: URLSearchParams,
		bearer: ReturnType<TokenService['check']>,
	): SimResponse {
		if (match.route !== 'token') {
			const ctx = {
				apiBaseUrl: this.apiBaseUrl,
				tokens: this.tokens,
				batches: this.batches,
				recorder: this.recorder,
				isForbidden: (orgId: string) => this.forbidden.has(orgId.toLowerCase()),
			};
			return handleApi(ctx, { match, req, rawBody, query, bearer });
		}
		const client = { clientId: this.clientId, clientSecret: this.clientSecret };
		const { answer, record } = handleTokenRequest(req, rawBody, client, this.tokens);
		this.recorder.tokenRequests.push({ at: new Date().toISOString(), ...record, status: answer.status });
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
