/** An API failure (or any error) as one line in the page, in the reader's language. */
import { ApiError } from "../api.ts";
import { useT } from "../i18n/index.ts";

export function ErrorNote({ error }: { error: Error | undefined }) {
  const t = useT();
  if (!error) return null;
  const text =
    error instanceof ApiError && error.kind === "network"
      ? t("error.network")
      : t("error.server", { message: error.message });
  return (
    <p class="error-note" role="alert">
      {text}
    </p>
  );
}
