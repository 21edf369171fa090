/** The lab's entry point: the shell (app.tsx) rendered into #app. */
import { render } from "preact";
import { App } from "./app.tsx";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
