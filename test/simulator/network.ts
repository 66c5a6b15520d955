/**
 * Amili made far away: every Collection API request waits the latency on its own timer (requests in
 * flight overlap as on a network), the first on a new connection waits the connection latency more
 * (its handshakes); and the TCP connections clients opened, counted.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export function checkedLatency(ms: number, name = 'latencyMs'): number {
	if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`${name} must be a number >= 0`);
	return ms;
}

export class SimulatedNetwork {
	private latency: number;
	private readonly connectionLatency: number;
	private connections = 0;
	/** Connections whose first request has not arrived yet. */
	private readonly newConnections = new WeakSet<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(server: Server, latencyMs: number, connectionLatencyMs: number) {
		this.latency = checkedLatency(latencyMs);
		this.connectionLatency = checkedLatency(connectionLatencyMs, 'connectionLatencyMs');
		server.on('connection', (socket: Socket) => {
			this.connections++;
			this.newConnections.add(socket);
		});
	}

	get latencyMs(): number {
		return this.latency;
	}

	set latencyMs(ms: number) {
		this.latency = checkedLatency(ms);
	}

	get connectionsOpened(): number {
		return this.connections;
	}

	/** The wait before a request is answered; what is outside the API (the token endpoint) stays instant. */
	delayFor(socket: Socket, outsideApi: boolean): number {
		const handshakes = this.newConnections.delete(socket) ? this.connectionLatency : 0;
		return outsideApi ? 0 : this.latency + handshakes;
	}

	/** A timer close() can clear, so no request keeps a closed simulator's process alive. */
	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	/** The start latency again, and the count of connections from zero. */
	reset(latencyMs: number): void {
		this.latency = checkedLatency(latencyMs);
		this.connections = 0;
	}

	close(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}
}
