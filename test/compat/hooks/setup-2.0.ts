/** globalSetup of the compat-n8n-2.0 project (jest runs a hook module once per run, so one module per runtime). */
import { setupRuntime } from '../../harness/global-setup';

export default (): Promise<void> => setupRuntime('2.0');
