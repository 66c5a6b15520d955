import type { INodeProperties } from 'n8n-workflow';

/**
 * Where Amili lives. The staging API base and both token URLs are documented; the production API
 * base is only seen truncated in a documented batchUrl ("https://api.amili.no/co…") and is our
 * inference — docs/amili-api.md ("Environments") says so, and "Custom" lets a user correct it without a release.
 *
 * `formerApiBaseUrls`: the API base URLs a preset had in earlier releases, oldest first. A release
 * that changes a preset's `apiBaseUrl` must append the old one there (never remove one): what was
 * sent is remembered by environment (nodes/Amili/transport/environments.ts, environmentIdentity),
 * and a Custom URL equal to a former one must still be that preset, or every record it sent looks
 * new and is sent again.
 */
export const AMILI_ENVIRONMENTS = {
	production: {
		apiBaseUrl: 'https://api.amili.no/collection/v1',
		formerApiBaseUrls: [] as readonly string[],
		tokenUrl: 'https://auth.amili.no/token',
	},
	staging: {
		apiBaseUrl: 'https://api.staging.amili.no/collection/v1',
		formerApiBaseUrls: [] as readonly string[],
		tokenUrl: 'https://auth.staging.amili.no/token',
	},
} as const;

export type AmiliEnvironment = keyof typeof AMILI_ENVIRONMENTS | 'custom';

const { production, staging } = AMILI_ENVIRONMENTS;

/** For credential fields n8n resolves itself (OAuth2 token URL, the credential test's base URL). */
export function environmentUrlExpression(
	key: 'apiBaseUrl' | 'tokenUrl',
	scope: '$self' | '$credentials',
	customField: string,
): string {
	return `={{ ${scope}.environment === 'custom' ? ${scope}.${customField} : ${scope}.environment === 'staging' ? '${staging[key]}' : '${production[key]}' }}`;
}

export const environmentProperty: INodeProperties = {
	displayName: 'Environment',
	name: 'environment',
	type: 'options',
	options: [
		{ name: 'Production', value: 'production' },
		{ name: 'Staging', value: 'staging' },
		{
			name: 'Custom',
			value: 'custom',
			description: 'Your own URLs, e.g. a proxy or the local Amili simulator',
		},
	],
	default: 'production',
};

export const customApiBaseUrlProperty: INodeProperties = {
	displayName: 'API Base URL',
	name: 'baseUrl',
	type: 'string',
	default: '',
	placeholder: 'https://api.amili.no/collection/v1',
	description: 'Base URL of the Collection API, up to and including /collection/v1',
	required: true,
	displayOptions: { show: { environment: ['custom'] } },
};
