// LOOKUP and FORGET: how the kernel learns and drops node ids.
import { checkName } from '../policy.ts';
import { childPath, entryReply, statOf, type Handler } from '../context.ts';

export const lookup: Handler = (ctx, h, body) => {
  const name = body.name();
  checkName(ctx.policy, name);
  return entryReply(ctx, h.nodeid, name, statOf(childPath(ctx, h.nodeid, name)));
};

export const forget: Handler = (ctx, h, body) => {
  ctx.inodes.forget(h.nodeid, Number(body.u64()));
  return undefined;
};

export const batchForget: Handler = (ctx, _h, body) => {
  const count = body.u32();
  body.u32();
  for (let i = 0; i < count; i++) {
    const id = body.u64();
    ctx.inodes.forget(id, Number(body.u64()));
  }
  return undefined;
};
