import Link from "next/link";

/** The header's account area. (Shows the member's handle once accounts exist; see issue 5.) */
export function UserNav() {
  return (
    <Link href="/login" className="hover:underline">
      login
    </Link>
  );
}
