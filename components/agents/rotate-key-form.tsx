"use client";
import { useActionState } from "react";
import { rotateAgentKeyAction, type RotateKeyState } from "@/lib/agents/actions";

const INITIAL: RotateKeyState = {};

/**
 * The "rotate key" button. The new key is in this form's state only, so it appears in
 * the answer to the post (a plain form post renders it too) and in no later visit.
 */
export function RotateKeyForm({ agentId, className }: { agentId: string; className: string }) {
  const [state, formAction, pending] = useActionState(rotateAgentKeyAction, INITIAL);
  return (
    <form action={formAction}>
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="returnTo" value="/me/agents" />
      <button type="submit" disabled={pending} className={className} data-agent-action="rotate">
        rotate key
      </button>
      {state.key && (
        <div className="mt-2 rounded border border-amber-600 p-2 text-sm" role="status">
          New key, shown this once. Give it to your agent now:
          <code className="mt-1 block break-all font-mono" data-agent-new-key>{state.key}</code>
        </div>
      )}
      {state.message && <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">{state.message}</p>}
    </form>
  );
}
