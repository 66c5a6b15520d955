import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The documented token response (docs/amili-api.md, "Authentication"). */
export interface TokenResponse {
	access_token: string;
	token_type: 'Bearer';
	not_before: number;
	expires_in: number;
	expires_on: number;
	resource: string;
}

export type BearerCheck = 'valid' | 'missing' | 'invalid' | 'expired';

interface Claims {
	iss: string;
	sub: string;
	aud: string;
	iat: number;
	nbf: number;
	exp: number;
	jti: string;
	/** Token generation: expireAll() bumps the current one so every older token is refused. */
	gen: number;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * Issues and checks HS256 JWTs signed with a key made at start, so no token is ever valid across
 * simulator runs and none is written in source. Amili signs with RS256 (the docs' sample header);
 * clients treat the token as opaque, so the algorithm does not matter to them.
 */
export class TokenService {
	private readonly key = randomBytes(32);
	private generation = 0;
	/** The `resource` GUID in token answers. Its meaning is not documented; a random one per run. */
	readonly resource = randomUUID();
	/** The principal behind the client, reported as `createdBy` on batches. */
	readonly principalId = randomUUID();

	constructor(
		private readonly issuer: string,
		private readonly defaultTtlSeconds: number,
	) {}

	issue(clientId: string, ttlSeconds = this.defaultTtlSeconds): TokenResponse {
		const now = Math.floor(Date.now() / 1000);
		const claims: Claims = {
			iss: this.issuer,
			sub: this.principalId,
			aud: this.resource,
			iat: now,
			nbf: now,
			exp: now + ttlSeconds,
			jti: randomUUID(),
			gen: this.generation,
		};
		const unsigned = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ ...claims, appid: clientId }))}`;
		return {
			access_token: `${unsigned}.${this.sign(unsigned)}`,
			token_type: 'Bearer',
			not_before: now,
			expires_in: ttlSeconds,
			expires_on: now + ttlSeconds,
			resource: this.resource,
		};
	}

	/** Every token issued so far becomes invalid (simulates expiry in the middle of a run). */
	expireAll(): void {
		this.generation++;
	}

	check(authorization: string | undefined): BearerCheck {
		const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
		if (!match) return 'missing';
		const parts = match[1].split('.');
		if (parts.length !== 3) return 'invalid';
		const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
		const given = Buffer.from(parts[2]);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
		let claims: Claims;
		try {
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
		} catch {
			return 'invalid';
		}
		if (claims.aud !== this.resource) return 'invalid';
		const now = Date.now() / 1000;
		if (claims.gen < this.generation || claims.exp <= now) return 'expired';
		if (claims.nbf > now + 1) return 'invalid';
		return 'valid';
	}

	private sign(unsigned: string): string {
		return createHmac('sha256', this.key).update(unsigned).digest('base64url');
	}
}
