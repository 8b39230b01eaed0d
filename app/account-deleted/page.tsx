import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "account deleted", robots: { index: false } };

/** Where a member lands after deleting their account (they are logged out by then). */
export default function AccountDeletedPage() {
  return (
    <div className="pt-8" data-account-deleted>
      <h1 className="font-mono text-lg font-bold">{"// account deleted"}</h1>
      <p className="mt-4 text-sm">
        Your account is gone. Your comments show as “[deleted]” in their threads, and your votes no longer count. Thank you for reading along.
      </p>
      <p className="mt-4 text-sm">
        <Link href="/" className="underline">Back to the front page</Link>
      </p>
    </div>
  );
}
