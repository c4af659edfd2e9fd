// Bundle entry: the app with this library (esbuild picks web.mjs through the "browser" condition).
import { client, v2 } from "datadog-okta-wasm";
import { runApp } from "./app.mjs";

export const run = (options) =>
  runApp({ createConfiguration: client.createConfiguration, BaseServerConfiguration: client.BaseServerConfiguration, OktaIntegrationApi: v2.OktaIntegrationApi }, options);
