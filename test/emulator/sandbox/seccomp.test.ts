// The seccomp filter that keeps nested user namespaces impossible, run through a small classic-BPF interpreter: every
// way to a user namespace is refused on every ABI the host runs, and everything else goes through. (That the kernel
// takes it and what a session then sees: root-powers.test.ts.)
import { describe, expect, it } from 'vitest';
import { supportedArchitectures, userNamespaceFilter } from '../../../emulator/sandbox/seccomp.ts';

const ALLOW = 'allow';
type Verdict = typeof ALLOW | `errno ${number}` | `other ${number}`;

/** Runs the filter on `struct seccomp_data` { nr, arch, ip, args[6] } (little-endian). */
function run(filter: Buffer, arch: number, nr: number, arg0 = 0): Verdict {
  const data = Buffer.alloc(64);
  data.writeInt32LE(nr, 0);
  data.writeUInt32LE(arch, 4);
  data.writeBigUInt64LE(BigInt(arg0), 16);
  let acc = 0;
  for (let pc = 0, steps = 0; steps < 1000; steps++) {
    const [code, jt, jf, k] = [filter.readUInt16LE(pc * 8), filter.readUInt8(pc * 8 + 2), filter.readUInt8(pc * 8 + 3), filter.readUInt32LE(pc * 8 + 4)];
    if (code === 0x20) acc = data.readUInt32LE(k);
    else if (code === 0x06) return k === 0x7fff_0000 ? ALLOW : (k & 0xffff_0000) === 0x0005_0000 ? `errno ${k & 0xffff}` : `other ${k}`;
    else if (code === 0x15) pc += acc === k ? jt : jf;
    else if (code === 0x35) pc += acc >>> 0 >= k ? jt : jf;
    else if (code === 0x45) pc += (acc & k) !== 0 ? jt : jf;
    else throw new Error(`unexpected opcode ${code} at ${pc}`);
    pc++;
  }
  throw new Error('filter did not return');
}

const CLONE_NEWUSER = 0x1000_0000;
const CLONE_NEWNS = 0x0002_0000;
const SIGCHLD = 17;
const EPERM = 'errno 1';
const ENOSYS = 'errno 38';

const ABIS = {
  x64: { native: 0xc000_003e, compat: 0x4000_0003, numbers: { clone: [56, 120], unshare: [272, 310], read: [0, 3], openat: [257, 295] } },
  arm64: { native: 0xc000_00b7, compat: 0x4000_0028, numbers: { clone: [220, 120], unshare: [97, 337], read: [63, 3], openat: [56, 322] } },
} as const;

describe('userNamespaceFilter', () => {
  for (const [arch, abi] of Object.entries(ABIS)) {
    describe(arch, () => {
      const filter = userNamespaceFilter(arch);
      const both = [abi.native, abi.compat].map((audit, i) => ({ audit, pick: (n: readonly [number, number]) => n[i]! }));

      it('refuses clone and unshare with CLONE_NEWUSER (EPERM), on the native and the 32-bit ABI', () => {
        for (const { audit, pick } of both) {
          expect(run(filter, audit, pick(abi.numbers.unshare), CLONE_NEWUSER)).toBe(EPERM);
          expect(run(filter, audit, pick(abi.numbers.unshare), CLONE_NEWUSER | CLONE_NEWNS)).toBe(EPERM);
          expect(run(filter, audit, pick(abi.numbers.clone), CLONE_NEWUSER | SIGCHLD)).toBe(EPERM);
        }
      });

      it('refuses clone3 with ENOSYS, so that libc falls back to clone', () => {
        for (const { audit } of both) expect(run(filter, audit, 435)).toBe(ENOSYS);
      });

      it('lets everything else through: clone and unshare without CLONE_NEWUSER, other calls', () => {
        for (const { audit, pick } of both) {
          expect(run(filter, audit, pick(abi.numbers.clone), SIGCHLD)).toBe(ALLOW);
          expect(run(filter, audit, pick(abi.numbers.unshare), CLONE_NEWNS)).toBe(ALLOW);
          expect(run(filter, audit, pick(abi.numbers.read))).toBe(ALLOW);
          expect(run(filter, audit, pick(abi.numbers.openat))).toBe(ALLOW);
        }
      });

      it('runs nothing of an ABI it does not know', () => {
        expect(run(filter, 0x4000_0001, abi.numbers.read[0])).toBe(ENOSYS);
      });
    });
  }

  it("refuses x86-64's x32 ABI altogether (its numbers carry a bit, under the native audit arch)", () => {
    const filter = userNamespaceFilter('x64');
    expect(run(filter, ABIS.x64.native, 0x4000_0000 + 272, CLONE_NEWUSER)).toBe(ENOSYS);
    expect(run(filter, ABIS.x64.native, 0x4000_0000)).toBe(ENOSYS);
  });

  it('is whole instructions, and refuses an architecture it has no numbers for', () => {
    for (const arch of supportedArchitectures()) expect(userNamespaceFilter(arch).length % 8).toBe(0);
    expect(() => userNamespaceFilter('riscv64')).toThrow(/no seccomp filter for architecture riscv64 \(known: x64, arm64\)/);
  });
});
