import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { ErrorPage } from "@/components/ui/error-page";
import { BAD_REQUEST_HEADER } from "@/lib/security/malformed-path";

export const metadata: Metadata = { title: "400: bad request", robots: { index: false } };

/**
 * The page for a request whose address cannot be read (malformed percent-encoding).
 * Only the web server sends requests here (with BAD_REQUEST_HEADER, answering 400);
 * opened directly it is an unknown page.
 */
export default async function BadRequest() {
  if ((await headers()).get(BAD_REQUEST_HEADER) !== "1") notFound();
  return (
    <ErrorPage heading="400: bad request">
      This address cannot be read: part of it is not valid percent-encoded text. Check the link, or start again from the front page.
    </ErrorPage>
  );
}
