/**
 * `npm run dev` (= `npm run build && tsx test/scripts/dev.ts`): a real n8n with this package installed
 * as a community package, working against the local Amili simulator, ready to click through.
 *
 * - the n8n runtime (test/runtime) is installed into the cache on first use (~5 min, once);
 * - the simulator runs in this process, on port 5680 when free;
 * - n8n keeps its data in `.dev/` of the repo (gitignored), so workflows and executions survive restarts;
 *   the package is re-packed and re-installed from the fresh build on every start;
 * - the "Amili OAuth2 account" credential is (re)imported pointing at this run's simulator, and
 *   examples/payment-basic.json is imported (again only when the file changed, so edits in n8n stay);
 * - n8n serves on http://localhost:5678 when free; the owner account dev@amili.local gets a generated
 *   password, kept in .dev/dev-login.json and printed on every start.
 *
 * Ctrl-C stops n8n (and its task runner) and the simulator.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type AmiliSimulator } from '../simulator';
import { freePort, generatePassword, N8nInstance, portInUse } from '../harness/n8n';
import { ensureRuntime, REPO_ROOT } from '../harness/runtime';
import { oauth2Credential, type WorkflowJson } from '../harness/workflow';

const DEV_DIR = join(REPO_ROOT, '.dev');
const STATE_FILE = join(DEV_DIR, 'dev-login.json');
const EXAMPLE_FILE = join(REPO_ROOT, 'examples', 'payment-basic.json');
const OWNER_EMAIL = 'dev@amili.local';
/** Fixed ids, so every start updates the same credential and example instead of adding copies. */
const CREDENTIAL_ID = 'amiliDevOAuth2Cred';
const CREDENTIAL_NAME = 'Amili OAuth2 account';
const EXAMPLE_WORKFLOW_ID = 'amiliDevExamplePay';

interface DevState {
	email: string;
	password: string;
	exampleHash?: string;
}

function say(line = ''): void {
	process.stdout.write(`${line}\n`);
}

async function choosePort(preferred: number): Promise<number> {
	return (await portInUse(preferred)) ? freePort() : preferred;
}

function readState(): DevState | undefined {
	try {
		return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as DevState;
	} catch {
		return undefined;
	}
}

/** Stops n8n and the simulator on Ctrl-C or SIGTERM, or when n8n exits by itself (then with code 1). */
class Shutdown {
	private stopping = false;

	constructor(
		private readonly n8n: N8nInstance,
		private readonly sim: AmiliSimulator,
	) {
		process.on('SIGINT', () => void this.run(0));
		process.on('SIGTERM', () => void this.run(0));
	}

	/** From when the server is up: its exit, unless we stopped it, ends the session. */
	watchServer(): void {
		this.n8n.waitForServerExit().then(
			() => {
				if (!this.stopping) {
					process.stderr.write(`n8n exited unexpectedly; see ${join(DEV_DIR, 'n8n.log')}\n`);
					void this.run(1);
				}
			},
			() => undefined,
		);
	}

	private async run(code: number): Promise<never> {
		if (!this.stopping) {
			this.stopping = true;
			say('\nStopping n8n and the simulator…');
			await this.n8n.stop().catch(() => undefined);
			await this.sim.close().catch(() => undefined);
		}
		process.exit(code);
	}
}

/** An existing instance whose login we no longer know: reset its owner so we can set one up again. */
async function resetOwner(n8n: N8nInstance): Promise<void> {
	say('No saved login for .dev/: resetting the n8n owner account.');
	const reset = await n8n.n8n(['user-management:reset']);
	if (reset.exitCode !== 0)
		throw new Error(`n8n user-management:reset failed:\n${reset.stdout}${reset.stderr}`);
}

/**
 * (Re)imports the credential pointing at this run's simulator, and the example workflow when its file
 * changed since the last start (so edits made in n8n stay). Returns the example file's hash.
 */
async function importCredentialAndExample(
	n8n: N8nInstance,
	sim: AmiliSimulator,
	state: DevState | undefined,
): Promise<string> {
	const [credential] = await n8n.importCredentials([
		oauth2Credential(sim, CREDENTIAL_NAME, CREDENTIAL_ID),
	]);
	const exampleText = readFileSync(EXAMPLE_FILE, 'utf8');
	const exampleHash = createHash('sha256').update(exampleText).digest('hex');
	if (state?.exampleHash !== exampleHash) {
		const example = JSON.parse(exampleText) as WorkflowJson;
		// The example refers to its credential by name only (importable anywhere); here we pin our own.
		for (const node of example.nodes) {
			if (node.credentials?.amiliOAuth2Api)
				node.credentials.amiliOAuth2Api = { id: credential.id, name: credential.name };
		}
		await n8n.importWorkflow({ ...example, id: EXAMPLE_WORKFLOW_ID });
		say(`Imported ${EXAMPLE_FILE.slice(REPO_ROOT.length + 1)}.`);
	}
	return exampleHash;
}

/** Sets up the owner (first start) and signs in as it; returns why signing in failed, if it did. */
async function signIn(n8n: N8nInstance, state: DevState): Promise<string | undefined> {
	const owner = {
		email: state.email,
		password: state.password,
		firstName: 'Amili',
		lastName: 'Developer',
	};
	// Fails when the owner exists already (any start after the first): then just sign in.
	await n8n.setupOwner(owner).catch(() => undefined);
	return n8n.login(state.email, state.password).then(
		() => undefined,
		(error: unknown) => (error instanceof Error ? error.message : String(error)),
	);
}

function printWelcome(
	n8n: N8nInstance,
	sim: AmiliSimulator,
	state: DevState,
	loginProblem: string | undefined,
	startedAt: number,
): void {
	const url = `http://localhost:${n8n.port}`;
	const bar = '─'.repeat(64);
	say();
	say(bar);
	say(
		`  n8n with n8n-nodes-amili is running (ready in ${Math.round((Date.now() - startedAt) / 1000)} s)`,
	);
	say();
	say(`  Open:      ${url}`);
	say(`  Email:     ${state.email}`);
	say(`  Password:  ${state.password}`);
	if (loginProblem) {
		say(`  (signing in with it failed just now: ${loginProblem}.`);
		say(
			'   If you changed the password in n8n, use yours; delete .dev/dev-login.json to reset it.)',
		);
	}
	say();
	say(`  Example:   ${url}/workflow/${EXAMPLE_WORKFLOW_ID}  (press "Execute workflow")`);
	say(`  Credential "${CREDENTIAL_NAME}" → simulator ${sim.apiBaseUrl}`);
	say(`  n8n log:   .dev/n8n.log      data: .dev/.n8n`);
	say();
	say('  Ctrl-C stops n8n and the simulator.');
	say(bar);
}

async function main(): Promise<void> {
	const startedAt = Date.now();
	await ensureRuntime();
	await fs.mkdir(DEV_DIR, { recursive: true });

	const sim = await startSimulator({ port: await choosePort(5680) });
	say(`Amili simulator: ${sim.apiBaseUrl} (token URL ${sim.tokenUrl})`);

	const firstStart = !existsSync(join(DEV_DIR, '.n8n', 'database.sqlite'));
	const n8n = await N8nInstance.create({
		userFolder: DEV_DIR,
		port: await choosePort(5678),
		serverLogFile: join(DEV_DIR, 'n8n.log'),
		// Readable logs for a person; the harness only parses JSON for `execute`, which dev does not use.
		env: { N8N_LOG_FORMAT: 'text' },
	});
	const shutdown = new Shutdown(n8n, sim);

	const savedState = readState();
	if (!firstStart && !savedState) await resetOwner(n8n);
	say(
		firstStart
			? 'Preparing n8n in .dev/ (first start: database set-up)…'
			: 'Updating n8n in .dev/…',
	);
	const exampleHash = await importCredentialAndExample(n8n, sim, savedState);

	await n8n.start();
	shutdown.watchServer();

	const state = savedState ?? { email: OWNER_EMAIL, password: generatePassword() };
	const loginProblem = await signIn(n8n, state);
	state.exampleHash = exampleHash;
	await fs.writeFile(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });

	printWelcome(n8n, sim, state, loginProblem, startedAt);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`npm run dev failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
