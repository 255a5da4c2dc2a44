import { Page } from "../components/ui";
import { Link } from "./router";

/** An address that names nothing the user may see: the same page whether it does not exist or is another tenant's. */
export function NotFound() {
  return (
    <Page title="Not found">
      <p>There is nothing here, or nothing you may see.</p>
      <p>
        <Link href="/">Go to the start</Link>
      </p>
    </Page>
  );
}
