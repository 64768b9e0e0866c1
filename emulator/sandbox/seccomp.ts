// Pure: the seccomp filter (classic BPF, as bwrap's --seccomp reads it) that keeps nested user namespaces impossible
// inside a session. bwrap's own --disable-userns cannot go with the block fd through which the emulator maps the
// session's id range (it would nest a second namespace mapping one id), so the session gets what container runtimes
// give theirs (Docker's default profile): clone and unshare with CLONE_NEWUSER fail with EPERM, and clone3, whose
// flags live in memory a filter cannot read, fails with ENOSYS, on which libc and language runtimes fall back to
// clone. Creating a user namespace needs no capability, so this filter, not the capability set, is what forbids it.

/** Where the kernel puts things in `struct seccomp_data`. */
const NR = 0;
const ARCH = 4;
/** args[0], low 32 bits (little-endian on every architecture below); CLONE_NEWUSER lies there. */
const ARG0_LOW = 16;
const CLONE_NEWUSER = 0x1000_0000;
const X32_SYSCALL_BIT = 0x4000_0000;

const RET_ALLOW = 0x7fff_0000;
const retErrno = (errno: number) => 0x0005_0000 | errno;
const EPERM = 1;
const ENOSYS = 38;

interface SyscallNumbers {
  /** AUDIT_ARCH_* of the ABI. */
  audit: number;
  clone: number;
  clone3: number;
  unshare: number;
  /** x86-64's x32 ABI shares its audit arch and marks its numbers with a bit: refused altogether. */
  x32?: boolean;
}

/** Per Node architecture: the native ABI and the 32-bit one the kernel may also run. */
const ABIS: Readonly<Record<string, readonly SyscallNumbers[]>> = {
  x64: [
    { audit: 0xc000_003e, clone: 56, clone3: 435, unshare: 272, x32: true },
    { audit: 0x4000_0003, clone: 120, clone3: 435, unshare: 310 },
  ],
  arm64: [
    { audit: 0xc000_00b7, clone: 220, clone3: 435, unshare: 97 },
    { audit: 0x4000_0028, clone: 120, clone3: 435, unshare: 337 },
  ],
};

type Insn = { op: 'ld'; offset: number } | { op: 'jeq' | 'jge' | 'jset'; k: number; then: string } | { op: 'ret'; k: number } | { op: 'label'; name: string };

const CODES = { ld: 0x20, jeq: 0x15, jge: 0x35, jset: 0x45, ret: 0x06 } as const;

/** Encodes `struct sock_filter` entries; a conditional jump goes to its label when true, else to the next one. */
function assemble(program: readonly Insn[]): Buffer {
  const code = program.filter((i): i is Exclude<Insn, { op: 'label' }> => i.op !== 'label');
  const at = new Map<string, number>();
  let n = 0;
  for (const i of program) i.op === 'label' ? at.set(i.name, n) : n++;
  const out = Buffer.alloc(code.length * 8);
  code.forEach((i, index) => {
    let jt = 0;
    let k: number;
    if (i.op === 'ld') k = i.offset;
    else if (i.op === 'ret') k = i.k;
    else {
      k = i.k;
      const target = at.get(i.then);
      if (target === undefined || target <= index || target - index - 1 > 255) throw new Error(`bad jump to ${i.then}`);
      jt = target - index - 1;
    }
    out.writeUInt16LE(CODES[i.op], index * 8);
    out.writeUInt8(jt, index * 8 + 2);
    out.writeUInt8(0, index * 8 + 3);
    out.writeUInt32LE(k >>> 0, index * 8 + 4);
  });
  return out;
}

export const supportedArchitectures = (): string[] => Object.keys(ABIS);

/** The filter for the host's architecture (`process.arch`); throws for one it does not know. */
export function userNamespaceFilter(arch: string = process.arch): Buffer {
  const abis = ABIS[arch];
  if (!abis) throw new Error(`no seccomp filter for architecture ${arch} (known: ${supportedArchitectures().join(', ')})`);
  const program: Insn[] = [{ op: 'ld', offset: ARCH }];
  abis.forEach((_, i) => program.push({ op: 'jeq', k: abis[i]!.audit, then: `abi${i}` }));
  // Any other ABI: nothing runs (none is expected; a binary of one would otherwise escape the rules below).
  program.push({ op: 'ret', k: retErrno(ENOSYS) });
  abis.forEach((abi, i) => {
    program.push({ op: 'label', name: `abi${i}` }, { op: 'ld', offset: NR });
    if (abi.x32) program.push({ op: 'jge', k: X32_SYSCALL_BIT, then: 'nosys' });
    program.push(
      { op: 'jeq', k: abi.clone3, then: 'nosys' },
      { op: 'jeq', k: abi.unshare, then: 'flags' },
      { op: 'jeq', k: abi.clone, then: 'flags' },
      { op: 'ret', k: RET_ALLOW },
    );
  });
  program.push(
    { op: 'label', name: 'flags' },
    { op: 'ld', offset: ARG0_LOW },
    { op: 'jset', k: CLONE_NEWUSER, then: 'eperm' },
    { op: 'ret', k: RET_ALLOW },
    { op: 'label', name: 'eperm' },
    { op: 'ret', k: retErrno(EPERM) },
    { op: 'label', name: 'nosys' },
    { op: 'ret', k: retErrno(ENOSYS) },
  );
  return assemble(program);
}
