// Session networks prepared ahead of need, as the warm filesystem server is (sessionfs/server-pool.ts): a resume
// takes a namespace that is already up, so the network stack is not on the stop→resume path. The pool also keeps
// every namespace it handed out closed to the host's addresses as they change: it polls the host's interface list
// (getifaddrs, no process) and blackholes a new address in every live namespace, and checks again before a
// namespace is handed out, so a session never starts with an address the host gained after its namespace was made.
import { hostAddresses } from './host-addresses.ts';
import { hostResolver, sessionResolvConf } from './resolver.ts';
import { SessionNetwork } from './session-network.ts';

const REFILL_DELAY_MS = 200;
const WATCH_INTERVAL_MS = 1_000;

/** A network handed to a session: what its sandbox needs to join it, and how to end it with the session. */
export interface NetworkLease {
  /** Opens a descriptor of the namespace, for `nsenter --net=/proc/<emulator>/fd/N` (the caller closes it). */
  openNamespace(): number;
  /** A resolv.conf to show instead of the host's, and where (network/resolver.ts); none: the host's works. */
  readonly resolvConf: { text: string; path: string } | undefined;
  /** Host pids of its processes. */
  readonly pids: readonly number[];
  close(): Promise<void>;
}

interface Tracked {
  readonly network: SessionNetwork;
  /** The host addresses blackholed in it so far. */
  readonly blackholed: Set<string>;
}

export class NetworkPool {
  readonly #ready: Tracked[] = [];
  readonly #all = new Set<Tracked>();
  readonly #log: (message: string) => void;
  readonly #size: number;
  readonly #watch: NodeJS.Timeout;
  #refilling: Promise<void> | undefined;
  #closed = false;

  constructor(o: { log: (message: string) => void; size?: number }) {
    this.#log = o.log;
    this.#size = o.size ?? 1;
    this.#watch = setInterval(() => void this.#sync(), WATCH_INTERVAL_MS);
    this.#watch.unref();
    this.#refill();
  }

  /**
   * A network for a session that is about to start: a prepared one, or a new one when none is ready. Closing it
   * (`SessionNetwork.close`) is the caller's, when the session's compute has ended.
   */
  async take(): Promise<NetworkLease> {
    if (this.#closed) throw new Error('the emulator is shutting down');
    let t = this.#ready.shift();
    while (t && !t.network.alive) {
      this.#forget(t);
      t = this.#ready.shift();
    }
    setTimeout(() => this.#refill(), REFILL_DELAY_MS).unref();
    t ??= await this.#prepare();
    const network = t.network;
    try {
      await this.#blackholeNew(t, hostAddresses());
    } catch (e) {
      await network.close();
      throw e;
    }
    return { openNamespace: () => network.openNamespace(), resolvConf: resolvConfFor(), pids: network.pids, close: () => network.close() };
  }

  async #prepare(): Promise<Tracked> {
    const addresses = hostAddresses();
    const network = await SessionNetwork.prepare(addresses);
    const t: Tracked = { network, blackholed: new Set(addresses) };
    this.#all.add(t);
    // However it ends (a session's stop, a crash of slirp4netns), it leaves the set.
    void network.closed.then(() => this.#forget(t));
    return t;
  }

  #refill(): void {
    if (this.#closed || this.#refilling || this.#ready.length >= this.#size) return;
    this.#refilling = (async () => {
      try {
        while (!this.#closed && this.#ready.length < this.#size) {
          const t = await this.#prepare();
          if (this.#closed) await t.network.close();
          else this.#ready.push(t);
        }
      } catch (e) {
        this.#log(`preparing a session network failed (the next session will try again): ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.#refilling = undefined;
      }
    })();
  }

  async #blackholeNew(t: Tracked, current: readonly string[]): Promise<void> {
    const fresh = current.filter((a) => !t.blackholed.has(a));
    if (fresh.length === 0) return;
    await t.network.addBlackholes(fresh);
    for (const a of fresh) t.blackholed.add(a);
  }

  async #sync(): Promise<void> {
    const current = hostAddresses();
    await Promise.all(
      [...this.#all].map((t) =>
        this.#blackholeNew(t, current).catch((e) => {
          // A namespace that cannot be closed to a new host address must not stay in use.
          this.#log(`${e instanceof Error ? e.message : String(e)}; ending that session network`);
          void t.network.close();
        }),
      ),
    );
  }

  #forget(t: Tracked): void {
    this.#all.delete(t);
    const i = this.#ready.indexOf(t);
    if (i >= 0) this.#ready.splice(i, 1);
  }

  /** Ends the prepared networks and waits for every network it made, handed out ones included, to have ended. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watch);
    await this.#refilling;
    await Promise.all(this.#ready.splice(0).map((t) => t.network.close()));
    // Handed-out networks end with their sessions, which the emulator stopped first; closing again is harmless.
    await Promise.all([...this.#all].map((t) => t.network.close()));
  }
}

function resolvConfFor(): NetworkLease['resolvConf'] {
  const host = hostResolver();
  const text = host && sessionResolvConf(host.text, hostAddresses());
  return host && text !== undefined ? { text, path: host.insidePath } : undefined;
}
