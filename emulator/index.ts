// Assembles the emulator: clock, control-plane registry, store, sessions and the wire server on one port.
// Used in-process by the test fixtures and by `ssc emulator` for everyone else.
import { mkdtemp, mkdir, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { AgentCatalog } from './agent/catalog.ts';
import type { AgentSources } from './agent/artifact.ts';
import { ControllableClock } from './clock.ts';
import { RuntimeRegistry } from './control/registry.ts';
import { parseDeviations, type Deviation } from './deviations.ts';
import { claimTemporaryStateDir, removeOrphanedStateDirs, TEMP_PREFIX } from './orphans.ts';
import { NetworkPool } from './network/network-pool.ts';
import { parseNetworkDefault, type NetworkDefault } from './network/network-default.ts';
import { preflight } from './preflight.ts';
import { bundleServer } from './sessionfs/bundle.ts';
import { ServerPool } from './sessionfs/server-pool.ts';
import type { SessionFsPolicy } from './sessionfs/policy.ts';
import { policyFromProfile } from './sessionfs/policy-from-profile.ts';
import { applyPolicyDeviations } from './sessionfs/policy-deviations.ts';
import { sessionDefects } from './sessions/session-defects.ts';
import { resumeStorage, type StorageSource } from './sessions/resume-storage.ts';
import { loadProfile, PROFILES_DIR } from '../spec/profile.ts';
import { SessionManager } from './sessions/session-manager.ts';
import type { StorageKind } from './sessions/storage.ts';
import { IdRangePool } from './sessions/uid-pool.ts';
import { SessionStore } from './store/session-store.ts';
import { bindNoatime } from './util/noatime-bind.ts';
import { FaultInjector } from './wire/faults.ts';
import { adminOperations } from './wire/operations/admin.ts';
import { controlOperations } from './wire/operations/control/index.ts';
import { dataOperations } from './wire/operations/data/index.ts';
import { Router } from './wire/router.ts';
import { createWireServer } from './wire/server.ts';
import type { Operation } from './wire/types.ts';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where sessions, the store and the runtimes live. Default: a fresh temporary directory, removed on close. A given
   * directory is kept, so runtimes and stored sessions survive an emulator restart like they survive on the service. */
  stateDir?: string;
  region?: string;
  accountId?: string;
  /** Deliberate defects for meta-tests (see deviations.ts): names or a comma-separated list. */
  deviations?: readonly string[] | string;
  /** Where operational messages go; default: nowhere. */
  log?: (message: string) => void;
  /** How often idle timeouts and expiries are checked, in real milliseconds. */
  sweepIntervalMs?: number;
  /**
   * `sessionfs` (default): session storage is the FUSE session filesystem that enforces the operations table and
   * limits, with asynchronous replication. `plain`: a plain directory copied at stop (no enforcement).
   */
  storage?: StorageKind;
  /**
   * `lazy` (default): a stored tree is served in place and copied up as the session changes it (sessions/lazy-cache.ts).
   * `eager`: copied into the cache before the first command, as before issue 15 (the benchmark's baseline).
   */
  resume?: 'lazy' | 'eager';
  /** What the session filesystem enforces; default: derived from the target profile (`profile`). */
  policy?: SessionFsPolicy;
  /** Path of the target profile whose limits and errnos the session filesystem enforces; default: spec/profiles/emulator.yaml. */
  profile?: string;
  /** Local stand-ins for the runtimes' agents (container URIs, a code root), for InvokeAgentRuntime; see agent/artifact.ts. */
  agents?: AgentSources;
  /** How long an agent may take to answer Healthy on GET /ping before the invocation fails (default 30 s). */
  agentStartTimeoutMs?: number;
  /** How long runtimes stay CREATING/UPDATING before READY (default 0), so clients' READY polling can be exercised. */
  transitionMs?: number;
  /**
   * `public` (default): sessions of PUBLIC runtimes get outbound network (slirp4netns; network/), as the microVM has;
   * VPC runtimes' stay loopback-only. `none`: every session is loopback-only (air-gapped runs).
   */
  network?: NetworkDefault;
}

export interface RunningEmulator {
  /** `http://HOST:PORT`, for the SDK's `endpoint` option or the AWS_ENDPOINT_URL_* variables. */
  readonly endpoint: string;
  readonly port: number;
  readonly stateDir: string;
  readonly region: string;
  readonly clock: ControllableClock;
  readonly deviations: ReadonlySet<Deviation>;
  readonly storage: StorageKind;
  readonly network: NetworkDefault;
  /** Stops every session (persisting its storage), closes the server, and removes a temporary state directory. */
  close(): Promise<void>;
}

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT_ID = '123456789012';

export async function startEmulator(o: EmulatorOptions = {}): Promise<RunningEmulator> {
  // Everything that can be wrong with the options is found before anything is created.
  const deviations = parseDeviations(o.deviations);
  const network = parseNetworkDefault(o.network ?? 'public', 'the network option');
  if (typeof network !== 'string') throw new Error(network.error);
  const policy = o.policy ?? policyFromProfile(loadProfile(o.profile ?? join(PROFILES_DIR, 'emulator.yaml')).profile);
  const temporary = o.stateDir === undefined;
  const log = o.log ?? (() => {});
  const orphans = await removeOrphanedStateDirs(tmpdir());
  if (orphans > 0) log(`removed ${orphans} state director${orphans === 1 ? 'y' : 'ies'} left by killed emulators`);
  const stateDir = temporary ? await mkdtemp(join(tmpdir(), TEMP_PREFIX)) : resolve(o.stateDir!);
  try {
    await mkdir(stateDir, { recursive: true });
    await chmod(stateDir, 0o711);
    if (temporary) await claimTemporaryStateDir(stateDir);
    await preflight(stateDir, { fuse: (o.storage ?? 'sessionfs') === 'sessionfs', network });
  } catch (e) {
    if (temporary) await rm(stateDir, { recursive: true, force: true });
    throw e;
  }
  const unbind = await bindNoatime(stateDir, log);
  const region = o.region ?? DEFAULT_REGION;
  const clock = new ControllableClock();
  const runtimes = new RuntimeRegistry({
    clock,
    region,
    accountId: o.accountId ?? DEFAULT_ACCOUNT_ID,
    transitionMs: o.transitionMs ?? 0,
    // A given state directory keeps the runtimes too, so a restarted emulator can resume the sessions it stored.
    ...(temporary ? {} : { persistPath: join(stateDir, 'runtimes.json') }),
  });
  const store = new SessionStore(join(stateDir, 'store'));
  await store.init();
  const idRanges = new IdRangePool();
  const storage = o.storage ?? 'sessionfs';
  const servers = storage === 'sessionfs' ? new ServerPool(bundleServer(stateDir)) : undefined;
  const networks = network === 'public' ? new NetworkPool({ log }) : undefined;
  const computeRoot = join(stateDir, 'compute');
  const defects = sessionDefects(deviations);
  const storageSource: StorageSource = {
    kind: storage,
    store,
    computeRoot,
    lazyResume: o.resume !== 'eager',
    servers,
    policy: applyPolicyDeviations(policy, deviations),
    log,
  };
  const sessions = new SessionManager({
    compute: {
      computeRoot,
      ids: idRanges,
      networks,
      storage,
      defects,
      openStorage: (subject) => resumeStorage(subject, storageSource, defects),
      log,
    },
    store,
    clock,
    defects,
    log,
    agents: new AgentCatalog(o.agents ?? {}, stateDir),
    ...(o.agentStartTimeoutMs !== undefined ? { agentStartTimeoutMs: o.agentStartTimeoutMs } : {}),
  });
  await sessions.init();
  // After the salvage: a crashed lazy session's cache is read over the stored tree it was resumed from.
  await store.settle();
  const unsubscribe = runtimes.subscribe((event) => sessions.onRuntimeEvent(event));

  // Injected failures (POST /_ssc/faults) apply to the API operations only, never to the admin endpoints.
  const faults = new FaultInjector(new Set([...controlOperations, ...dataOperations].map((op) => op.name)));
  const ctx = { runtimes, sessions, clock, deviations, faults };
  type Ctx = typeof ctx;
  const apiOperations = [...(controlOperations as Operation<Ctx>[]), ...(dataOperations as Operation<Ctx>[])];
  const router = new Router<Ctx>([...apiOperations.map((op) => faults.wrap(op)), ...(adminOperations as Operation<Ctx>[])]);
  const server = createWireServer(
    router,
    ctx,
    { error: (m, cause) => log(`${m}: ${cause instanceof Error ? cause.stack : String(cause)}`) },
    { refusePeerUid: (uid) => idRanges.owns(uid) },
  );
  const host = o.host ?? '127.0.0.1';
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(o.port ?? 0, host, () => ok());
    });
  } catch (e) {
    // Warm filesystem servers would keep the process alive after a failed start.
    servers?.close();
    unsubscribe();
    await sessions.close();
    await networks?.close();
    await unbind();
    if (temporary) await rm(stateDir, { recursive: true, force: true });
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const sweeper = setInterval(() => void sessions.sweep().catch((e) => log(`sweep failed: ${String(e)}`)), o.sweepIntervalMs ?? 1000);
  sweeper.unref();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(sweeper);
      unsubscribe();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await sessions.close();
      servers?.close();
      await networks?.close();
      await unbind();
      if (temporary) await rm(stateDir, { recursive: true, force: true });
    })());

  return { endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, stateDir, region, clock, deviations, storage, network, close };
}
