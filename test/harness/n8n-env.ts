/**
 * The environment of every n8n process the harness starts: the inherited one cleaned of anything that
 * would change how n8n runs, plus the settings that make it a quiet, local, test instance.
 */
import { dirname } from 'node:path';

import { DEFAULT_RUNTIME, selectedRuntimeId, type Runtime, type RuntimeId } from './runtime';

/** A fixed key, so credentials imported into a copied template folder decrypt everywhere. Not a secret. */
export const TEST_ENCRYPTION_KEY = 'amili-n8n-test-encryption-key-not-secret';
/** Set by global-setup: a user folder whose database is already migrated; instances copy it. */
export const TEMPLATE_ENV = 'AMILI_N8N_TEMPLATE_DIR';
/** The template's variable for one runtime (each runtime migrates its own database). */
export function templateEnv(id: RuntimeId = selectedRuntimeId()): string {
	return id === DEFAULT_RUNTIME ? TEMPLATE_ENV : `${TEMPLATE_ENV}_${id.replace(/\W/g, '_')}`;
}
/** Set to 1 to keep the temp user folders after dispose() (for debugging a failing test). */
export const KEEP_ENV = 'AMILI_KEEP_N8N_FOLDERS';

/** n8n's inherited environment minus anything that would change how it runs (a developer's own N8N_*, jest's NODE_ENV=test, npm's config). */
function baseEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	const dropPrefixes = [
		'N8N_',
		'DB_',
		'EXECUTIONS_',
		'CREDENTIALS_',
		'QUEUE_',
		'WEBHOOK_',
		'GENERIC_',
		'npm_',
	];
	const dropKeys = [
		'NODE_ENV',
		'NODE_OPTIONS',
		'NODE_PATH',
		'INIT_CWD',
		'NODE',
		'VUE_APP_URL_BASE_API',
	];
	for (const [key, value] of Object.entries(process.env)) {
		if (dropKeys.includes(key) || dropPrefixes.some((prefix) => key.startsWith(prefix))) continue;
		env[key] = value;
	}
	return env;
}

/** Where one instance's n8n lives and listens, and what its owner added to the environment. */
export interface InstanceSettings {
	runtime: Runtime;
	userFolder: string;
	port: number;
	brokerPort: number;
	extraEnv: Record<string, string | undefined>;
}

/** The environment every n8n process of one instance gets (the runtime's, then the instance's own, win). */
export function instanceEnv(settings: InstanceSettings): NodeJS.ProcessEnv {
	return {
		...baseEnv(),
		PATH: `${dirname(settings.runtime.nodeBin)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: settings.userFolder,
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		N8N_PORT: String(settings.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_LEVEL: 'info',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		...settings.runtime.env,
		...settings.extraEnv,
	};
}
