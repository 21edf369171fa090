#!/usr/bin/env node
// The tongguan CLI. The sources are TypeScript; tsx compiles them on the fly so learners can read
// and edit src/ and run it at once, without a build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
