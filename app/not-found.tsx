import { ErrorPage } from "@/components/ui/error-page";

/** Unknown article, source, tag or path. */
export default function NotFound() {
  return (
    <ErrorPage heading="404: not found">
      There is no such page here. The article may have been removed by its source, or the link is mistyped.
    </ErrorPage>
  );
}
