import { UserError } from '../common/errors.js';
import { printable, quoted } from '../common/printable.js';
import { checkLine, PUSH_WORDING } from '../engine/formatting.js';
import type { LastPush, PushOutcome } from '../engine/offsite/index.js';

/** How the scripted commands show pushes: one line each, then one line on stderr if any failed. */

export function pushLines(pushes: readonly PushOutcome[]): string[] {
  return pushes.map((push) => `${printable(push.destination)}: ${push.ok ? printable(push.message) : `FAILED: ${printable(push.message)}`}`);
}

/** Exit 1 with one line when a push failed; what was printed before stays (the local work is done). */
export function failIfAnyPushFailed(pushes: readonly PushOutcome[]): void {
  const failed = pushes.filter((push) => !push.ok);
  if (failed.length === 0) return;
  if (failed.length === 1) throw new UserError(`The push to ${quoted(failed[0]!.destination)} failed: ${printable(failed[0]!.message)}`);
  throw new UserError(`${failed.length} of ${pushes.length} pushes failed: ${failed.map((push) => `${quoted(push.destination)}: ${printable(push.message)}`).join('; ')}`);
}

/** As the General screen says it (one wording): "OK 2026-11-24 03:46: pushed ...", "never pushed". */
export function lastPushText(last: LastPush | null): string {
  return printable(checkLine(last, PUSH_WORDING));
}
