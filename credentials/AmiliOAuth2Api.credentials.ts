import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	customApiBaseUrlProperty,
	environmentProperty,
	environmentUrlExpression,
} from './amiliEnvironments';

/**
 * Amili's documented way in: OAuth2 client credentials (form fields, no scope). n8n's own OAuth2
 * support fetches the token, stores it, and fetches a new one when Amili answers 401, so a
 * scheduled workflow keeps working after the hour a token lives.
 */
export class AmiliOAuth2Api implements ICredentialType {
	name = 'amiliOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Amili OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/Amili/amili.svg',
		dark: 'file:../nodes/Amili/amili.dark.svg',
	};

	documentationUrl = 'https://docs.amili.dev/example-workflow-359631m0';

	properties: INodeProperties[] = [
		environmentProperty,
		customApiBaseUrlProperty,
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'https://auth.amili.no/token',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: environmentUrlExpression('tokenUrl', '$self', 'tokenUrl'),
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// Amili's token example sends client_id and client_secret as form fields.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	// "Get all batches" is the one documented read that needs no organization: a token that
	// Amili accepts there is a working credential.
	test: ICredentialTestRequest = {
		request: {
			baseURL: environmentUrlExpression('apiBaseUrl', '$credentials', 'baseUrl'),
			url: '/batches',
			qs: { PageSize: 1 },
		},
	};
}
