import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { ipcRequests } from '@shared/ipc/contract';
import type { IpcArgs, IpcRequestChannel, IpcResult } from '@shared/ipc/contract';
import { fail, ok } from '@shared/ipc/envelope';
import type { IpcEnvelope } from '@shared/ipc/envelope';
import { isTrustedSender } from '../security/ipc-sender';
import { HandlerError } from './handler-error';

/**
 * The one wrapper around `ipcMain.handle`. Every call is checked in the same order:
 * trusted sender, arguments valid against the contract, then the handler; every reply is
 * an envelope, so nothing ever throws across the process boundary.
 */

/** A handler receives validated arguments and returns the channel's result. */
export type IpcHandler<C extends IpcRequestChannel> = (...args: IpcArgs<C>) => IpcResult<C> | Promise<IpcResult<C>>;

/** The pieces of Electron the wrapper uses; injectable for tests. */
export interface HandleDeps {
  ipc: Pick<typeof ipcMain, 'handle'>;
  isTrusted: (event: IpcMainInvokeEvent) => boolean;
  log: (message: string, error?: unknown) => void;
}

const defaultDeps: HandleDeps = {
  ipc: ipcMain,
  isTrusted: isTrustedSender,
  log: (message, error) => console.error(message, error),
};

/** `path: message` for the first zod issue, e.g. `0.recordStoreUrl: Invalid URL`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid arguments';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Electron's `senderFrame` getter throws once the frame is disposed: that sender is not trusted. */
function senderIsTrusted(event: IpcMainInvokeEvent, deps: Pick<HandleDeps, 'isTrusted'>): boolean {
  try {
    return deps.isTrusted(event);
  } catch {
    return false;
  }
}

/** Runs one call through the checks; exported so tests can drive it without `ipcMain`. */
export async function dispatch<C extends IpcRequestChannel>(
  channel: C,
  handler: IpcHandler<C>,
  event: IpcMainInvokeEvent,
  rawArgs: unknown[],
  deps: Pick<HandleDeps, 'isTrusted' | 'log'> = defaultDeps,
): Promise<IpcEnvelope<IpcResult<C>>> {
  if (!senderIsTrusted(event, deps)) {
    deps.log(`IPC ${channel} refused: untrusted sender`);
    return fail('forbidden-sender', `Sender may not call ${channel}`);
  }
  const spec = ipcRequests[channel];
  const parsed = spec.args.safeParse(rawArgs);
  if (!parsed.success) return fail('invalid-args', describeIssue(parsed.error));
  try {
    const result = await (handler as (...args: unknown[]) => unknown)(...(parsed.data as unknown[]));
    // A handler returning something off-contract is a main bug; the page must not see it.
    const checked = spec.result.safeParse(result);
    if (!checked.success) {
      deps.log(`IPC ${channel} handler returned an off-contract result: ${describeIssue(checked.error)}`);
      return fail('internal', `Internal error in ${channel}`);
    }
    return ok(checked.data as IpcResult<C>);
  } catch (error) {
    if (error instanceof HandlerError) return fail(error.code, error.message);
    // Details stay in main's log; the page gets a stable code only.
    deps.log(`IPC ${channel} handler failed`, error);
    return fail('internal', `Internal error in ${channel}`);
  }
}

/** Registers `handler` for `channel` behind the checks. */
export function handle<C extends IpcRequestChannel>(channel: C, handler: IpcHandler<C>, deps: HandleDeps = defaultDeps): void {
  deps.ipc.handle(channel, (event, ...rawArgs: unknown[]) => dispatch(channel, handler, event, rawArgs, deps));
}
